package shop.stock.rest;

import static shop.platform.command.CommandResponses.IDEMPOTENCY_KEY;
import static shop.platform.command.CommandResponses.KEY_MESSAGE;
import static shop.platform.command.CommandResponses.KEY_PATTERN;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import shop.platform.command.CommandResponses;
import shop.platform.security.Callers;
import shop.platform.security.Roles;
import shop.stock.api.CreateLocationRequest;
import shop.stock.api.LocationResponse;
import shop.stock.service.LocationService;

/** Locations: shops and bars. Admins create them, anyone reads one. */
@Path("/locations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LocationResource {
  private final LocationService service;
  private final Callers callers;

  public LocationResource(LocationService service, Callers callers) {
    this.service = service;
    this.callers = callers;
  }

  @POST
  @RolesAllowed(Roles.ADMIN)
  public Uni<Response> create(
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @NotNull @Valid CreateLocationRequest body) {
    return callers.current().chain(c -> service.createLocation(c.scope(key), body))
        .map(CommandResponses::toResponse);
  }

  @GET
  @Path("/{locationId}")
  @PermitAll
  public Uni<LocationResponse> get(@PathParam("locationId") String locationId) {
    return service.findLocationById(locationId);
  }
}
