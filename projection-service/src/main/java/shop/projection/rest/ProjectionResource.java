package shop.projection.rest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.common.annotation.Blocking;

import shop.platform.problem.Problem;
import shop.platform.projection.RebuildStatus;
import shop.platform.security.Roles;
import shop.projection.api.ProjectionStatus;
import shop.projection.service.ProjectionLag;
import shop.projection.service.ProjectionRebuilds;

/** Operations view of the read models: position, lag, rebuilds (admins only). */
@Path("/projections")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectionResource {
  private final ProjectionLag lag;
  private final ProjectionRebuilds rebuilds;

  public ProjectionResource(ProjectionLag lag, ProjectionRebuilds rebuilds) {
    this.lag = lag;
    this.rebuilds = rebuilds;
  }

  @GET
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Each read model's position and lag (events behind, seconds behind) and its last rebuild")
  public List<ProjectionStatus> projections() {
    return lag.status().stream().map(s -> s.withRebuild(rebuilds.status(s.name()))).toList();
  }

  @POST
  @Path("/{name}/rebuild")
  @RolesAllowed(Roles.ADMIN)
  @Blocking
  @Operation(summary = "Rebuilds a read model from the start of its topic into fresh tables, then swaps them in; "
      + "queries keep working meanwhile. Follow it on GET /projections.")
  @APIResponse(responseCode = "202", description = "Rebuild started", content = @Content(schema = @Schema(implementation = RebuildStatus.class)))
  @APIResponse(responseCode = "404", description = "not-found: no read model of that name", content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "409", description = "rebuild-in-progress, or rebuild-cooldown (Retry-After) within projection.rebuild.cooldown (10 min) of the last one", content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Response rebuild(@PathParam("name") String name) {
    return Response.accepted(rebuilds.start(name)).location(URI.create("/projections")).build();
  }
}
