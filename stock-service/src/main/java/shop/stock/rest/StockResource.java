package shop.stock.rest;

import static shop.platform.command.CommandResponses.IDEMPOTENCY_KEY;
import static shop.platform.command.CommandResponses.KEY_MESSAGE;
import static shop.platform.command.CommandResponses.KEY_PATTERN;
import static shop.platform.command.CommandResponses.KEY_REQUIRED;

import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import shop.platform.command.CommandResponses;
import shop.platform.command.IfMatch;
import shop.platform.security.Callers;
import shop.platform.security.Roles;
import shop.stock.api.ReceiptRequest;
import shop.stock.api.StockCountRequest;
import shop.stock.service.StockService;

/**
 * Stock of one product at one location: counts and receipts by its managers, authoritative reads by its staff (admins
 * anywhere). Storefronts read availability from projection-service, which is public.
 */
@Path("/locations/{locationId}/stock/{productId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StockResource {
  private static final Set<String> MANAGERS = Set.of(Roles.MANAGER);
  private static final Set<String> STAFF = Set.of(Roles.STAFF, Roles.MANAGER);

  private final StockService service;
  private final Callers callers;

  public StockResource(StockService service, Callers callers) {
    this.service = service;
    this.callers = callers;
  }

  /** Inventory count: sets on-hand. */
  @PUT
  @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
  public Uni<Response> count(@PathParam("locationId") String locationId, @PathParam("productId") String productId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull @Valid StockCountRequest body) {
    Long version = IfMatch.version(ifMatch);
    return callers.at(locationId, MANAGERS)
        .chain(c -> service.countStock(c.scope(key), locationId, productId, version, body))
        .map(CommandResponses::toResponse);
  }

  /** Goods received: adds to on-hand. */
  @POST
  @Path("/receipts")
  @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
  public Uni<Response> receive(@PathParam("locationId") String locationId, @PathParam("productId") String productId,
      @HeaderParam(IDEMPOTENCY_KEY) @NotNull(message = KEY_REQUIRED) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @NotNull @Valid ReceiptRequest body) {
    return callers.at(locationId, MANAGERS)
        .chain(c -> service.receiveStock(c.scope(key), locationId, productId, body))
        .map(CommandResponses::toResponse);
  }

  @GET
  @RolesAllowed({Roles.STAFF, Roles.MANAGER, Roles.ADMIN})
  public Uni<Response> get(@PathParam("locationId") String locationId, @PathParam("productId") String productId) {
    return callers.at(locationId, STAFF).chain(c -> service.findStockLevel(locationId, productId))
        .map(l -> Response.ok(l).tag(new EntityTag(String.valueOf(l.version()))).build());
  }
}
