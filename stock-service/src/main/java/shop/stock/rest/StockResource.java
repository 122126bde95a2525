package shop.stock.rest;

import static shop.platform.command.CommandResponses.IDEMPOTENCY_KEY;
import static shop.platform.command.CommandResponses.KEY_MESSAGE;
import static shop.platform.command.CommandResponses.KEY_PATTERN;

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
import shop.stock.api.ReceiptRequest;
import shop.stock.api.StockCountRequest;
import shop.stock.service.StockService;

/** Stock of one product at one location: counts, receipts, authoritative reads. */
@Path("/locations/{locationId}/stock/{productId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StockResource {
  private final StockService service;

  public StockResource(StockService service) {
    this.service = service;
  }

  /** Inventory count: sets on-hand. */
  @PUT
  public Uni<Response> count(@PathParam("locationId") String locationId, @PathParam("productId") String productId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull @Valid StockCountRequest body) {
    return service.countStock(key, locationId, productId, IfMatch.version(ifMatch), body)
        .map(CommandResponses::toResponse);
  }

  /** Goods received: adds to on-hand. */
  @POST
  @Path("/receipts")
  public Uni<Response> receive(@PathParam("locationId") String locationId, @PathParam("productId") String productId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @NotNull @Valid ReceiptRequest body) {
    return service.receiveStock(key, locationId, productId, body).map(CommandResponses::toResponse);
  }

  @GET
  public Uni<Response> get(@PathParam("locationId") String locationId, @PathParam("productId") String productId) {
    return service.findStockLevel(locationId, productId)
        .map(l -> Response.ok(l).tag(new EntityTag(String.valueOf(l.version()))).build());
  }
}
