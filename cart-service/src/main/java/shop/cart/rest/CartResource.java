package shop.cart.rest;

import static shop.platform.command.CommandResponses.IDEMPOTENCY_KEY;
import static shop.platform.command.CommandResponses.KEY_MESSAGE;
import static shop.platform.command.CommandResponses.KEY_PATTERN;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;

import shop.cart.api.AddItemRequest;
import shop.cart.api.ChangeQuantityRequest;
import shop.cart.api.CreateCartRequest;
import shop.cart.api.HistoryEntry;
import shop.cart.api.MergeRequest;
import shop.cart.service.CartCommandService;
import shop.cart.service.CartQueryService;
import shop.platform.command.CommandResponses;
import shop.platform.command.IfMatch;
import shop.platform.problem.Problem;

/** Cart commands and strongly consistent reads of a cart. Every command answers the cart state with its ETag. */
@Path("/carts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CartResource {
  private final CartCommandService commands;
  private final CartQueryService queries;

  public CartResource(CartCommandService commands, CartQueryService queries) {
    this.commands = commands;
    this.queries = queries;
  }

  @POST
  @Operation(summary = "Create a cart (ownerId absent for a guest)")
  @APIResponse(responseCode = "201", description = "Created; Location and ETag set")
  public Uni<Response> create(
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @NotNull @Valid CreateCartRequest body) {
    return commands.createCart(key, body).map(CommandResponses::toResponse);
  }

  @POST
  @Path("/{cartId}/items")
  @Operation(summary = "Add a product (adds to its line); price and name come from the catalogue")
  @APIResponse(responseCode = "200", description = "The cart after the change")
  @APIResponse(responseCode = "409", description = "cart-closed", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "412", description = "version-conflict: If-Match is stale (currentVersion in the body)", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "422", description = "unknown-product / product-unavailable / limit-exceeded / currency-mismatch", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<Response> addItem(@PathParam("cartId") String cartId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam("If-Match") String ifMatch, @NotNull @Valid AddItemRequest body) {
    return commands.addItem(key, cartId, IfMatch.version(ifMatch), body).map(CommandResponses::toResponse);
  }

  @PUT
  @Path("/{cartId}/items/{productId}")
  @Operation(summary = "Set a line's quantity (0 removes it)")
  public Uni<Response> changeQuantity(@PathParam("cartId") String cartId, @PathParam("productId") String productId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam("If-Match") String ifMatch, @NotNull @Valid ChangeQuantityRequest body) {
    return commands.changeQuantity(key, cartId, IfMatch.version(ifMatch), productId, body)
        .map(CommandResponses::toResponse);
  }

  @DELETE
  @Path("/{cartId}/items/{productId}")
  @Operation(summary = "Remove a line (removing an absent line changes nothing)")
  public Uni<Response> removeItem(@PathParam("cartId") String cartId, @PathParam("productId") String productId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam("If-Match") String ifMatch) {
    return commands.removeItem(key, cartId, IfMatch.version(ifMatch), productId).map(CommandResponses::toResponse);
  }

  @DELETE
  @Path("/{cartId}/items")
  @Operation(summary = "Remove every line")
  public Uni<Response> clear(@PathParam("cartId") String cartId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam("If-Match") String ifMatch) {
    return commands.clear(key, cartId, IfMatch.version(ifMatch)).map(CommandResponses::toResponse);
  }

  @POST
  @Path("/{cartId}/merge")
  @Operation(summary = "Merge a guest cart into this one; the answer lists every line capped or dropped, and why")
  @APIResponse(responseCode = "422", description = "merge-refused (itself, another owner's cart) / currency-mismatch", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<Response> merge(@PathParam("cartId") String cartId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam("If-Match") String ifMatch, @NotNull @Valid MergeRequest body) {
    return commands.merge(key, cartId, IfMatch.version(ifMatch), body).map(CommandResponses::toResponse);
  }

  @GET
  @Path("/{cartId}")
  @Operation(summary = "The cart from its event store (strongly consistent); ?version=N: as it was at version N")
  public Uni<Response> get(@PathParam("cartId") String cartId,
      @QueryParam("version") @Min(1) @Max(Long.MAX_VALUE) Long version) {
    return (version == null ? queries.findCart(cartId) : queries.findCartAt(cartId, version))
        .map(cart -> Response.ok(cart).tag(new EntityTag(String.valueOf(cart.version()))).build());
  }

  @GET
  @Path("/{cartId}/history")
  @Operation(summary = "The cart's events in order (audit trail)")
  public Uni<List<HistoryEntry>> history(@PathParam("cartId") String cartId) {
    return queries.history(cartId);
  }
}
