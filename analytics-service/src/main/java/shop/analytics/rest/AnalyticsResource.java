package shop.analytics.rest;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Set;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import shop.analytics.api.DailyReport;
import shop.analytics.api.TopProductsReport;
import shop.analytics.config.AnalyticsConfig;
import shop.analytics.domain.Activity;
import shop.analytics.domain.DayRange;
import shop.analytics.repository.FiguresQueries.LocationRow;
import shop.analytics.service.FiguresService;
import shop.analytics.streams.ActivityQueries;
import shop.platform.problem.Problem;
import shop.platform.problem.ProblemException;
import shop.platform.security.Callers;
import shop.platform.security.Roles;

/**
 * A location's figures, for its managers and admins; its live activity also for its staff (the point-of-sale apps
 * poll it). Who may see is checked before whether the location exists, so a stranger learns nothing from a 404.
 * Parameters that cannot be answered are {@code 400 validation-failed} naming the parameter.
 */
@Path("/analytics")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {
  private static final Set<String> FIGURES = Set.of(Roles.MANAGER);
  private static final Set<String> ACTIVITY = Set.of(Roles.MANAGER, Roles.STAFF);
  private static final String ID = "[A-Za-z0-9._-]+";

  private final Callers callers;
  private final FiguresService figures;
  private final ActivityQueries activity;
  private final int maxDays;

  public AnalyticsResource(Callers callers, FiguresService figures, ActivityQueries activity,
      AnalyticsConfig config) {
    this.callers = callers;
    this.figures = figures;
    this.activity = activity;
    this.maxDays = config.queries().maxDays();
  }

  @GET
  @PermitAll
  @Path("/locations/{locationId}/activity")
  @Operation(summary = "Live activity of a location: sales in the last 5 minutes and hour (event time, decaying with "
      + "the wall clock), last sale time, and a polling hint (short when busy); staff, managers of the location, admins")
  @APIResponse(responseCode = "200", description = "{salesLast5Min, salesLastHour, lastSaleAt, suggestedPollSeconds}")
  @APIResponse(responseCode = "401", description = "unauthenticated", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "403", description = "forbidden: not staff, manager of the location or admin", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "503", description = "unavailable: the live figures are starting or moving between instances (Retry-After)", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<Activity> activity(@PathParam("locationId") @Size(max = 64) @Pattern(regexp = ID) String locationId,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam(ActivityQueries.PROXIED) String proxied) {
    return callers.at(locationId, ACTIVITY).emitOn(Infrastructure.getDefaultWorkerPool())
        .map(caller -> activity.activity(locationId, authorization, "true".equals(proxied)));
  }

  @GET
  @PermitAll
  @Path("/daily")
  @Operation(summary = "A location's figures per day (its own days, in its time zone) from `from` to `to` "
      + "(default: the 7 days to today), in one currency (default: the location's)")
  @APIResponse(responseCode = "400", description = "validation-failed: a bad date, from after to, a range over the limit, a bad currency", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "401", description = "unauthenticated", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "403", description = "forbidden: not a manager of the location or an admin", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "404", description = "not-found: no such location", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<DailyReport> daily(
      @QueryParam("locationId") @NotBlank @Size(max = 64) @Pattern(regexp = ID) String locationId,
      @QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("currency") @Pattern(regexp = "[A-Z]{3}") String currency) {
    return located(locationId, FIGURES).chain(l -> figures.daily(l, range(l, from, to), currency));
  }

  @GET
  @PermitAll
  @Path("/top-products")
  @Operation(summary = "A location's best-selling products over its days `from`..`to`, by units or revenue, net of "
      + "returns and cancellations; limit 1..100 (default 10)")
  @APIResponse(responseCode = "400", description = "validation-failed: a bad date, from after to, a range over the limit, bad by or limit", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "401", description = "unauthenticated", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "403", description = "forbidden: not a manager of the location or an admin", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "404", description = "not-found: no such location", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<TopProductsReport> topProducts(
      @QueryParam("locationId") @NotBlank @Size(max = 64) @Pattern(regexp = ID) String locationId,
      @QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("by") @DefaultValue("units") @Pattern(regexp = "units|revenue", message = "units or revenue") String by,
      @QueryParam("limit") @DefaultValue("10") @Min(1) @Max(100) int limit,
      @QueryParam("currency") @Pattern(regexp = "[A-Z]{3}") String currency) {
    return located(locationId, FIGURES)
        .chain(l -> figures.top(l, range(l, from, to), currency, "revenue".equals(by), limit));
  }

  private Uni<LocationRow> located(String locationId, Set<String> roles) {
    return callers.at(locationId, roles).chain(caller -> figures.location(locationId));
  }

  /** The days asked for, checked: real dates, from ≤ to, at most the configured number of days. */
  private DayRange range(LocationRow location, String from, String to) {
    LocalDate today = LocalDate.now(ZoneId.of(location.timeZone()));
    LocalDate last = to == null ? today : date("to", to);
    LocalDate first = from == null ? last.minusDays(6) : date("from", from);
    if (first.isAfter(last)) {
      throw ProblemException.invalid("from", "must not be after to", "from " + first + " is after to " + last);
    }
    DayRange range = new DayRange(first, last);
    if (range.days() > maxDays) {
      throw ProblemException.invalid("to", "at most " + maxDays + " days after from",
          "the range spans " + range.days() + " days; at most " + maxDays);
    }
    return range;
  }

  private static LocalDate date(String name, String value) {
    try {
      if (!value.matches("\\d{4}-\\d{2}-\\d{2}")) {
        throw new DateTimeParseException("not YYYY-MM-DD", value, 0);
      }
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ProblemException.invalid(name, "a date as YYYY-MM-DD", name + " is not a date: " + value);
    }
  }
}
