package shop.analytics.rest;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import shop.analytics.messaging.AnalyticsProjection;
import shop.analytics.service.AnalyticsRebuild;
import shop.platform.problem.Problem;
import shop.platform.problem.ProblemException;
import shop.platform.projection.RebuildStatus;
import shop.platform.security.Roles;

/** Rebuilding the figures from the event history (admins only); queries keep answering meanwhile. */
@Path("/analytics/rebuild")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class RebuildResource {
  private final AnalyticsRebuild rebuild;

  public RebuildResource(AnalyticsRebuild rebuild) {
    this.rebuild = rebuild;
  }

  @POST
  @Operation(summary = "Rebuilds the daily figures and top products from the whole history of location-, sale-, "
      + "order- and cart-events into fresh tables, swapped in at the end; queries answer from the live tables meanwhile")
  @APIResponse(responseCode = "202", description = "Started; follow it on GET /analytics/rebuild")
  @APIResponse(responseCode = "409", description = "rebuild-in-progress, or rebuild-cooldown (Retry-After) within analytics.rebuild.cooldown (10 min) of the last one", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Response start() {
    return Response.accepted(rebuild.start(AnalyticsProjection.NAME)).location(URI.create("/analytics/rebuild"))
        .build();
  }

  @GET
  @Operation(summary = "The last rebuild on this instance: running, done or failed, events replayed and skipped")
  @APIResponse(responseCode = "404", description = "not-found: no rebuild on this instance since it started", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public RebuildStatus status() {
    RebuildStatus status = rebuild.status(AnalyticsProjection.NAME);
    if (status == null) {
      throw ProblemException.notFound("no rebuild on this instance since it started");
    }
    return status;
  }
}
