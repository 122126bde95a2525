package shop.projection.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import shop.platform.paging.PageResponse;
import shop.platform.problem.Problem;
import shop.platform.security.Callers;
import shop.platform.security.CartTokens;
import shop.projection.api.OrderView;
import shop.projection.service.OrderQueries;

/**
 * Order reads from the read model. An order opens to the credentials of its cart (the owner's bearer token or the
 * guest cart's {@code Cart-Token}) and to staff of its location, and is {@code 404} for anyone else (as in
 * cart-service); a customer's list needs that customer's bearer token.
 */
@Produces(MediaType.APPLICATION_JSON)
@Path("/")
public class OrderViewResource {
  private final OrderQueries queries;
  private final Callers callers;

  public OrderViewResource(OrderQueries queries, Callers callers) {
    this.queries = queries;
    this.callers = callers;
  }

  @GET
  @PermitAll
  @Path("orders/{orderId}")
  @Operation(summary = "The order view: lines with product names, totals, status and status history; "
      + "?minVersion=N waits up to 2 s for version N (read-your-writes); If-None-Match → 304")
  @APIResponse(responseCode = "200", description = "The order; ETag = its version")
  @APIResponse(responseCode = "404", description = "not-found: no such order, or not the caller's", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<Response> order(@PathParam("orderId") String orderId, @QueryParam("minVersion") @Min(1) Long minVersion,
      @HeaderParam(CartTokens.HEADER) String cartToken, @Context Request request) {
    return callers.cartAccess(cartToken).chain(access -> queries.findOrder(orderId, minVersion, access))
        .map(a -> CartViewResource.versioned(request, a.order(), a.order().version(), a.stale(), "order"));
  }

  @GET
  @Authenticated
  @Path("customers/{ownerId}/orders")
  @Operation(summary = "A customer's orders, newest first (that customer's bearer token only); "
      + "page (from 0), size (1..200)")
  @APIResponse(responseCode = "401", description = "unauthenticated", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "403", description = "forbidden: another customer's orders", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<PageResponse<OrderView>> ordersOf(@PathParam("ownerId") String ownerId,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    return callers.current().chain(caller -> queries.ordersOf(ownerId, page, size, caller));
  }
}
