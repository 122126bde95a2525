package shop.bench;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The cheapest possible Quarkus REST endpoint: the ceiling of HTTP request handling on this machine. */
@Path("/ping")
public class PingResource {
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String ping() {
    return "{\"ok\":true}";
  }
}
