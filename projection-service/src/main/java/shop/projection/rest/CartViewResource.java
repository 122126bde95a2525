package shop.projection.rest;

import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;

import shop.platform.problem.ProblemException;
import shop.projection.service.CartQueries;

/** Cart reads from the read model. */
@Path("/carts/{cartId}")
@Produces(MediaType.APPLICATION_JSON)
public class CartViewResource {
  /** Set when {@code minVersion} was not reached within the wait: the answer is older than asked. */
  public static final String STALE = "Read-Model-Stale";

  private final CartQueries queries;

  public CartViewResource(CartQueries queries) {
    this.queries = queries;
  }

  @GET
  @Operation(summary = "The cart view; ?minVersion=N waits up to 2 s for version N (read-your-writes); "
      + "If-None-Match → 304; If-Match with another version → 412 version-conflict")
  public Uni<Response> cart(@PathParam("cartId") String cartId, @QueryParam("minVersion") @Min(1) Long minVersion,
      @Context Request request) {
    return queries.findCart(cartId, minVersion).map(a -> {
      EntityTag tag = new EntityTag(String.valueOf(a.cart().version()));
      // If-None-Match → 304; If-Match that names another version → 412 (as problem+json)
      Response.ResponseBuilder precondition = request.evaluatePreconditions(tag);
      if (precondition != null && precondition.build().getStatus() == 412) {
        throw ProblemException.versionConflict(a.cart().version(),
            "the cart is at version " + a.cart().version() + ", not the one given in If-Match");
      }
      Response.ResponseBuilder b = precondition != null ? precondition : Response.ok(a.cart()).tag(tag);
      if (a.stale()) {
        b.header(STALE, "true");
      }
      return b.build();
    });
  }

  @GET
  @Path("/summary")
  @Operation(summary = "{itemCount, total, version}")
  public Uni<Response> summary(@PathParam("cartId") String cartId) {
    return queries.findCart(cartId, null).map(a -> Response.ok(a.cart().summary())
        .tag(new EntityTag(String.valueOf(a.cart().version()))).build());
  }
}
