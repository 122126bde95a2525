package shop.projection.rest;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;

import shop.platform.paging.PageResponse;
import shop.platform.problem.Problem;
import shop.projection.api.LocationStockItem;
import shop.projection.api.ProductSummary;
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
  @PermitAll
  @Path("products")
  @Operation(summary = "Catalogue search over active products: q (every word as a prefix, accents ignored) over "
      + "name and category; category; locationId (availability there, else across locations); inStock; sort = "
      + "name, price, -price, popularity (default: relevance with q, else name); page (from 0), size (1..200)")
  @APIResponse(responseCode = "400", description = "validation-failed", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<PageResponse<ProductSummary>> search(@QueryParam("q") @Size(max = 200) String q,
      @QueryParam("category") @Size(max = 100) String category,
      @QueryParam("locationId") @Size(max = 100) String locationId,
      @QueryParam("inStock") @Pattern(regexp = "true|false", message = "must be true or false") String inStock,
      @QueryParam("sort") @Size(max = 20) String sort,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    return queries.searchProducts(q, category, locationId, "true".equals(inStock), sort, page, size);
  }

  @GET
  @PermitAll
  @Path("products/{productId}")
  @Operation(summary = "A product with its availability per location")
  public Uni<ProductView> product(@PathParam("productId") String productId) {
    return queries.findProduct(productId);
  }

  @GET
  @PermitAll
  @Path("locations/{locationId}/stock")
  @Operation(summary = "Stock of every product at a location: [{productId, name, available, updatedAt}]")
  public Uni<List<LocationStockItem>> locationStock(@PathParam("locationId") String locationId) {
    return queries.findLocationStock(locationId);
  }
}
