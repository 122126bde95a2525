package shop.projection.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

import shop.projection.messaging.StockStream;

/** Server-Sent Events: one event per stock change at a location, heartbeats in between. */
@Path("/locations/{locationId}/stock/stream")
public class StockStreamResource {
  private final StockStream stream;

  public StockStreamResource(StockStream stream) {
    this.stream = stream;
  }

  @GET
  @PermitAll
  @Blocking // the first subscription to a location checks the view
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(summary = "Stock changes at a location as they happen (text/event-stream); Last-Event-ID resumes; "
      + "404 for a location without stock levels; 503 + Retry-After beyond the per-location or per-instance subscriber cap")
  public Multi<OutboundSseEvent> stream(@PathParam("locationId") String locationId,
      @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
    return stream.subscribe(locationId, lastEventId).map(item -> item.change() == null
        ? sse.newEventBuilder().comment("heartbeat").build()
        : sse.newEventBuilder().id(item.change().eventId()).name("stock").mediaType(MediaType.APPLICATION_JSON_TYPE)
            .data(item.change()).build());
  }
}
