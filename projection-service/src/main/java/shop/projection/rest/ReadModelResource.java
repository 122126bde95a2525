package shop.projection.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;
import shop.projection.api.LocationStockItem;
import shop.projection.api.ProductView;
import shop.projection.service.ReadModelQueries;

/** Read-model queries (eventually consistent with the owners' data). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ReadModelResource {
  private final ReadModelQueries queries;

  public ReadModelResource(ReadModelQueries queries) {
    this.queries = queries;
  }

  @GET
  @Path("products/{productId}")
  @Operation(summary = "A product with its availability per location")
  public Uni<ProductView> product(@PathParam("productId") String productId) {
    return queries.findProduct(productId);
  }

  @GET
  @Path("locations/{locationId}/stock")
  @Operation(summary = "Stock of every product at a location: [{productId, name, available, updatedAt}]")
  public Uni<List<LocationStockItem>> locationStock(@PathParam("locationId") String locationId) {
    return queries.findLocationStock(locationId);
  }
}
