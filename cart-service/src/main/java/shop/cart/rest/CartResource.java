package shop.cart.rest;

import static shop.platform.command.CommandResponses.IDEMPOTENCY_KEY;
import static shop.platform.command.CommandResponses.KEY_MESSAGE;
import static shop.platform.command.CommandResponses.KEY_PATTERN;

import java.util.List;

import jakarta.annotation.security.PermitAll;
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

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;

import shop.cart.api.AddItemRequest;
import shop.cart.api.ChangeQuantityRequest;
import shop.cart.api.CreateCartRequest;
import shop.cart.api.HistoryEntry;
import shop.cart.api.MergeRequest;
import shop.cart.service.CartCommandService;
import shop.cart.service.CartQueryService;
import shop.cart.service.OrderService;
import shop.platform.command.CommandResponses;
import shop.platform.command.CommandResult;
import shop.platform.command.IfMatch;
import shop.platform.problem.Problem;
import shop.platform.security.Caller;
import shop.platform.security.Callers;
import shop.platform.security.CartTokens;
import shop.platform.security.Roles;

/**
 * Cart commands and strongly consistent reads of a cart. Every command answers the cart state with its ETag.
 *
 * <p>Access ({@code @PermitAll}: a guest has no bearer token, so each cart is checked instead): a cart with an owner is
 * read and changed with its owner's bearer token only; a guest cart with the {@code Cart-Token} it was created with.
 * Anyone else gets {@code 404 not-found}, as for a cart that does not exist. The owner of a new cart is the bearer
 * token's subject, never a body's {@code ownerId}.
 */
@Path("/carts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CartResource {
  private final CartCommandService commands;
  private final OrderService orders;
  private final CartQueryService queries;
  private final Callers callers;
  private final CartTokens tokens;

  public CartResource(CartCommandService commands, OrderService orders, CartQueryService queries, Callers callers,
      CartTokens tokens) {
    this.commands = commands;
    this.orders = orders;
    this.queries = queries;
    this.callers = callers;
    this.tokens = tokens;
  }

  @POST
  @PermitAll
  @Operation(summary = "Create a cart: with a bearer token it is the token subject's; without, a guest cart whose "
      + "Cart-Token (response header) every later call must send")
  @APIResponse(responseCode = "201", description = "Created; Location, ETag and, for a guest cart, Cart-Token set")
  @APIResponse(responseCode = "401", description = "unauthenticated: an ownerId without a bearer token, or an invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "403", description = "forbidden: an ownerId other than the token's subject, or a token that is not a customer's", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<Response> create(
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @NotNull @Valid CreateCartRequest body) {
    return callers.current().chain(caller -> {
      String owner = owner(caller, body.ownerId());
      return commands.createCart(caller.scope(key), owner, body).map(r -> created(r, owner));
    });
  }

  @POST
  @PermitAll
  @Path("/{cartId}/items")
  @Operation(summary = "Add a product (adds to its line); price and name come from the catalogue")
  @APIResponse(responseCode = "200", description = "The cart after the change")
  @APIResponse(responseCode = "409", description = "cart-closed", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "412", description = "version-conflict: If-Match is stale (currentVersion in the body)", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "422", description = "unknown-product / product-unavailable / limit-exceeded / currency-mismatch", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<Response> addItem(@PathParam("cartId") String cartId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam("If-Match") String ifMatch, @HeaderParam(CartTokens.HEADER) String cartToken,
      @NotNull @Valid AddItemRequest body) {
    Long version = IfMatch.version(ifMatch);
    return callers.cartAccess(cartToken).chain(a -> commands.addItem(key, a, cartId, version, body))
        .map(CommandResponses::toResponse);
  }

  @PUT
  @PermitAll
  @Path("/{cartId}/items/{productId}")
  @Operation(summary = "Set a line's quantity (0 removes it)")
  public Uni<Response> changeQuantity(@PathParam("cartId") String cartId, @PathParam("productId") String productId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam("If-Match") String ifMatch, @HeaderParam(CartTokens.HEADER) String cartToken,
      @NotNull @Valid ChangeQuantityRequest body) {
    Long version = IfMatch.version(ifMatch);
    return callers.cartAccess(cartToken).chain(a -> commands.changeQuantity(key, a, cartId, version, productId, body))
        .map(CommandResponses::toResponse);
  }

  @DELETE
  @PermitAll
  @Path("/{cartId}/items/{productId}")
  @Operation(summary = "Remove a line (removing an absent line changes nothing)")
  public Uni<Response> removeItem(@PathParam("cartId") String cartId, @PathParam("productId") String productId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam("If-Match") String ifMatch, @HeaderParam(CartTokens.HEADER) String cartToken) {
    Long version = IfMatch.version(ifMatch);
    return callers.cartAccess(cartToken).chain(a -> commands.removeItem(key, a, cartId, version, productId))
        .map(CommandResponses::toResponse);
  }

  @DELETE
  @PermitAll
  @Path("/{cartId}/items")
  @Operation(summary = "Remove every line")
  public Uni<Response> clear(@PathParam("cartId") String cartId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam("If-Match") String ifMatch, @HeaderParam(CartTokens.HEADER) String cartToken) {
    Long version = IfMatch.version(ifMatch);
    return callers.cartAccess(cartToken).chain(a -> commands.clear(key, a, cartId, version))
        .map(CommandResponses::toResponse);
  }

  @POST
  @PermitAll
  @Path("/{cartId}/merge")
  @Operation(summary = "Merge a cart into this one: the source is the same owner's, or a guest cart whose token is in "
      + "sourceCartToken; the answer lists every line capped or dropped, and why")
  @APIResponse(responseCode = "422", description = "merge-refused (a cart into itself) / currency-mismatch; a source the caller does not hold is 404", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<Response> merge(@PathParam("cartId") String cartId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam("If-Match") String ifMatch, @HeaderParam(CartTokens.HEADER) String cartToken,
      @NotNull @Valid MergeRequest body) {
    Long version = IfMatch.version(ifMatch);
    return callers.cartAccess(cartToken).chain(a -> commands.merge(key, a, cartId, version, body))
        .map(CommandResponses::toResponse);
  }

  @POST
  @PermitAll
  @Path("/{cartId}/checkout")
  @Consumes(MediaType.WILDCARD) // no body
  @Operation(summary = "Check the cart out: it is frozen and its order placed; stock-service then reserves every line "
      + "or none, and the order ends confirmed (cart checked-out) or rejected (cart open again, with a warning per "
      + "short line). A retry answers the same order")
  @APIResponse(responseCode = "202", description = "{orderId}; Location: /orders/{orderId}")
  @APIResponse(responseCode = "404", description = "not-found: no such cart, or not the caller's", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "409", description = "cart-closed (merged, abandoned) / cart-empty", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "412", description = "version-conflict: If-Match is stale (currentVersion in the body)", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<Response> checkout(@PathParam("cartId") String cartId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam("If-Match") String ifMatch, @HeaderParam(CartTokens.HEADER) String cartToken) {
    Long version = IfMatch.version(ifMatch);
    return callers.cartAccess(cartToken).chain(a -> orders.checkout(key, a, cartId, version))
        .map(CommandResponses::toResponse);
  }

  @GET
  @PermitAll
  @Path("/{cartId}")
  @Operation(summary = "The cart from its event store (strongly consistent); ?version=N: as it was at version N")
  public Uni<Response> get(@PathParam("cartId") String cartId,
      @QueryParam("version") @Min(1) @Max(Long.MAX_VALUE) Long version,
      @HeaderParam(CartTokens.HEADER) String cartToken) {
    return callers.cartAccess(cartToken)
        .chain(a -> version == null ? queries.findCart(cartId, a) : queries.findCartAt(cartId, version, a))
        .map(cart -> Response.ok(cart).tag(new EntityTag(String.valueOf(cart.version()))).build());
  }

  @GET
  @PermitAll
  @Path("/{cartId}/history")
  @Operation(summary = "The cart's events in order (audit trail)")
  public Uni<List<HistoryEntry>> history(@PathParam("cartId") String cartId,
      @HeaderParam(CartTokens.HEADER) String cartToken) {
    return callers.cartAccess(cartToken).chain(a -> queries.history(cartId, a));
  }

  /**
   * The new cart's owner: the bearer token's subject (a body's ownerId must name it), who must be a customer (staff,
   * admins and monitoring do not shop with their work tokens), or nobody for a guest.
   */
  private static String owner(Caller caller, String claimed) {
    if (caller.isAnonymous()) {
      if (claimed != null) {
        throw new UnauthorizedException("an ownerId needs the owner's bearer token");
      }
      return null;
    }
    if (!caller.has(Roles.CUSTOMER)) {
      throw new ForbiddenException("only a customer's token owns carts");
    }
    if (claimed != null && !claimed.equals(caller.subject())) {
      throw new ForbiddenException("ownerId must be the bearer token's subject");
    }
    return caller.subject();
  }

  /** A guest cart's answer carries its cart token (the same for a replay: it is derived from the cart id). */
  private Response created(CommandResult result, String owner) {
    Response response = CommandResponses.toResponse(result);
    if (owner != null) {
      return response;
    }
    String cartId = result.location().substring(result.location().lastIndexOf('/') + 1);
    return Response.fromResponse(response).header(CartTokens.HEADER, tokens.issue(cartId)).build();
  }
}
