package shop.projection.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import shop.platform.security.Callers;
import shop.platform.security.CartTokens;
import shop.projection.service.CartQueries;

/**
 * Cart reads from the read model. {@code @PermitAll} because a guest has no bearer token: each cart opens to its
 * owner's bearer token or its {@code Cart-Token} only, and is {@code 404} for anyone else (as in cart-service).
 */
@Path("/carts/{cartId}")
@Produces(MediaType.APPLICATION_JSON)
public class CartViewResource {
  /** Set when {@code minVersion} was not reached within the wait: the answer is older than asked. */
  public static final String STALE = "Read-Model-Stale";

  private final CartQueries queries;
  private final Callers callers;

  public CartViewResource(CartQueries queries, Callers callers) {
    this.queries = queries;
    this.callers = callers;
  }

  @GET
  @PermitAll
  @Operation(summary = "The cart view; ?minVersion=N waits up to 2 s for version N (read-your-writes); "
      + "If-None-Match → 304; If-Match with another version → 412 version-conflict")
  public Uni<Response> cart(@PathParam("cartId") String cartId, @QueryParam("minVersion") @Min(1) Long minVersion,
      @HeaderParam(CartTokens.HEADER) String cartToken, @Context Request request) {
    return callers.cartAccess(cartToken).chain(access -> queries.findCart(cartId, minVersion, access))
        .map(a -> versioned(request, a.cart(), a.cart().version(), a.stale(), "cart"));
  }

  /**
   * A versioned view's answer: its ETag; If-None-Match → 304; If-Match that names another version → 412 (as
   * problem+json); {@value #STALE} when older than the {@code minVersion} asked for.
   */
  static Response versioned(Request request, Object view, long version, boolean stale, String what) {
    EntityTag tag = new EntityTag(String.valueOf(version));
    Response.ResponseBuilder precondition = request.evaluatePreconditions(tag);
    if (precondition != null && precondition.build().getStatus() == 412) {
      throw ProblemException.versionConflict(version,
          "the " + what + " is at version " + version + ", not the one given in If-Match");
    }
    Response.ResponseBuilder b = precondition != null ? precondition : Response.ok(view).tag(tag);
    if (stale) {
      b.header(STALE, "true");
    }
    return b.build();
  }

  @GET
  @PermitAll
  @Path("/summary")
  @Operation(summary = "{itemCount, total, version}")
  public Uni<Response> summary(@PathParam("cartId") String cartId,
      @HeaderParam(CartTokens.HEADER) String cartToken) {
    return callers.cartAccess(cartToken).chain(access -> queries.findCart(cartId, null, access))
        .map(a -> Response.ok(a.cart().summary())
            .tag(new EntityTag(String.valueOf(a.cart().version()))).build());
  }

}
