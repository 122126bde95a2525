package shop.stock.rest;

import static shop.platform.command.CommandResponses.IDEMPOTENCY_KEY;
import static shop.platform.command.CommandResponses.KEY_MESSAGE;
import static shop.platform.command.CommandResponses.KEY_PATTERN;
import static shop.platform.command.CommandResponses.KEY_REQUIRED;

import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;

import shop.platform.command.CommandResponses;
import shop.platform.paging.PageResponse;
import shop.platform.problem.Problem;
import shop.platform.security.Callers;
import shop.platform.security.Roles;
import shop.stock.api.ItemsRequest;
import shop.stock.api.SaleResponse;
import shop.stock.service.SaleService;

/** Direct (POS) sales at a location, and returns against them: its staff and managers, or admins. */
@Path("/locations/{locationId}/sales")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SaleResource {
  private static final Set<String> STAFF = Set.of(Roles.STAFF, Roles.MANAGER);

  private final SaleService service;
  private final Callers callers;

  public SaleResource(SaleService service, Callers callers) {
    this.service = service;
    this.callers = callers;
  }

  /** Sells all items or none: {@code 409 insufficient-stock} lists every short line. */
  @POST
  @RolesAllowed({Roles.STAFF, Roles.MANAGER, Roles.ADMIN})
  @Operation(summary = "Direct (POS) sale, all items or none, priced now; Idempotency-Key required")
  @APIResponse(responseCode = "201", description = "Sold; Location names the sale")
  @APIResponse(responseCode = "400", description = "validation-failed / malformed-request", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "404", description = "not-found: no such location", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "409", description = "insufficient-stock, with shortfalls [{productId, requested, available}]", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "422", description = "unknown-product / product-inactive / currency-mismatch / idempotency-key-reused", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "503", description = "unavailable: lock or statement timeout; retry after Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<Response> sell(@PathParam("locationId") String locationId,
      @HeaderParam(IDEMPOTENCY_KEY) @NotNull(message = KEY_REQUIRED) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @NotNull @Valid ItemsRequest body) {
    return callers.at(locationId, STAFF).chain(c -> service.sell(c.scope(key), locationId, body))
        .map(CommandResponses::toResponse);
  }

  /** The location's sales, newest first. */
  @GET
  @RolesAllowed({Roles.STAFF, Roles.MANAGER, Roles.ADMIN})
  public Uni<PageResponse<SaleResponse>> list(@PathParam("locationId") String locationId,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    return callers.at(locationId, STAFF).chain(c -> service.listSales(locationId, page, size));
  }

  /** Returns goods of a sale (restocks); never more than was sold. */
  @POST
  @RolesAllowed({Roles.STAFF, Roles.MANAGER, Roles.ADMIN})
  @Operation(summary = "Return goods of a sale at the sale's prices; restocks; Idempotency-Key required")
  @APIResponse(responseCode = "201", description = "Returned and restocked")
  @APIResponse(responseCode = "404", description = "not-found: no such sale at this location", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "409", description = "return-exceeds-sale", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @Path("/{saleId}/returns")
  public Uni<Response> returnItems(@PathParam("locationId") String locationId, @PathParam("saleId") String saleId,
      @HeaderParam(IDEMPOTENCY_KEY) @NotNull(message = KEY_REQUIRED) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @NotNull @Valid ItemsRequest body) {
    return callers.at(locationId, STAFF)
        .chain(c -> service.returnItems(c.scope(key), locationId, saleId, body))
        .map(CommandResponses::toResponse);
  }
}
