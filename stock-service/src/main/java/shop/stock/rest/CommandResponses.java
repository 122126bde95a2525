package shop.stock.rest;

import java.net.URI;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import shop.stock.service.CommandResult;

/** Turns a command's stored result into the HTTP response (the same bytes when replayed). */
final class CommandResponses {
  /** Set on a response replayed for a repeated Idempotency-Key. */
  static final String REPLAYED = "Idempotent-Replayed";

  private CommandResponses() {
  }

  static Response toResponse(CommandResult r) {
    Response.ResponseBuilder b = Response.status(r.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(r.body());
    if (r.location() != null) {
      b.location(URI.create(r.location()));
    }
    if (r.replayed()) {
      b.header(REPLAYED, "true");
    }
    return b.build();
  }
}
