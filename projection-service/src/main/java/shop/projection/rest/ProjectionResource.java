package shop.projection.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import shop.projection.api.ProjectionStatus;
import shop.projection.service.ProjectionLag;

/** Operations view of the read models. */
@Path("/projections")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectionResource {
  private final ProjectionLag lag;

  public ProjectionResource(ProjectionLag lag) {
    this.lag = lag;
  }

  @GET
  @Operation(summary = "Each read model's position and lag (events behind, seconds behind)")
  public List<ProjectionStatus> projections() {
    return lag.status();
  }
}
