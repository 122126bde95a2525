package shop.cart.rest;

import static shop.platform.command.CommandResponses.IDEMPOTENCY_KEY;
import static shop.platform.command.CommandResponses.KEY_MESSAGE;
import static shop.platform.command.CommandResponses.KEY_PATTERN;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;

import shop.cart.service.OrderService;
import shop.platform.command.CommandResponses;
import shop.platform.problem.Problem;
import shop.platform.security.Callers;
import shop.platform.security.CartTokens;

/**
 * Orders from cart-service's event store (strongly consistent), cancel and fulfil.
 *
 * <p>Access ({@code @PermitAll}, each order is checked): the credentials that open the order's cart (the owner's bearer
 * token, or the guest cart's {@code Cart-Token}) read and cancel it; staff and managers of the order's location, and
 * admins, read and fulfil it. Anyone else gets {@code 404 not-found}; one who sees the order but may not give the
 * command (the customer fulfilling, staff cancelling) gets {@code 403 forbidden}.
 */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrderResource {
  private final OrderService orders;
  private final Callers callers;

  public OrderResource(OrderService orders, Callers callers) {
    this.orders = orders;
    this.callers = callers;
  }

  @GET
  @PermitAll
  @Path("/{orderId}")
  @Operation(summary = "The order: lines, total, status, the lines stock could not reserve, and its status history")
  @APIResponse(responseCode = "200", description = "The order; ETag = its version")
  @APIResponse(responseCode = "404", description = "not-found: no such order, or not the caller's", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<Response> get(@PathParam("orderId") String orderId, @HeaderParam(CartTokens.HEADER) String cartToken) {
    return callers.cartAccess(cartToken).chain(a -> orders.find(orderId, a))
        .map(o -> Response.ok(o).tag(new EntityTag(String.valueOf(o.version()))).build());
  }

  @POST
  @PermitAll
  @Path("/{orderId}/cancel")
  @Consumes(MediaType.WILDCARD) // no body
  @Operation(summary = "Give a confirmed order up: its reserved stock is released (not once fulfilled)")
  @APIResponse(responseCode = "200", description = "The order, cancelled")
  @APIResponse(responseCode = "403", description = "forbidden: staff, who see the order but do not cancel it", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "404", description = "not-found: no such order, or not the caller's", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "409", description = "order-pending (still being placed) / order-closed (rejected, cancelled or fulfilled)", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<Response> cancel(@PathParam("orderId") String orderId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam(CartTokens.HEADER) String cartToken) {
    return callers.cartAccess(cartToken).chain(a -> orders.cancel(key, a, orderId))
        .map(CommandResponses::toResponse);
  }

  @POST
  @PermitAll
  @Path("/{orderId}/fulfil")
  @Consumes(MediaType.WILDCARD) // no body
  @Operation(summary = "Hand the goods of a confirmed order over (staff or manager of its location, or admin): "
      + "stock-service turns the reservation into a sale; the order can no longer be cancelled")
  @APIResponse(responseCode = "200", description = "The order, fulfilled")
  @APIResponse(responseCode = "403", description = "forbidden: the order's customer, who may see it but not fulfil it", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "404", description = "not-found: no such order, or not visible to the caller", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "409", description = "order-pending / order-closed", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<Response> fulfil(@PathParam("orderId") String orderId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam(CartTokens.HEADER) String cartToken) {
    return callers.cartAccess(cartToken).chain(a -> orders.fulfil(key, a, orderId))
        .map(CommandResponses::toResponse);
  }
}
