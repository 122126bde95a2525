package shop.platform.command;

import java.net.URI;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Turns a command's stored result into the HTTP response (the same bytes when replayed). */
public final class CommandResponses {
  /** Header carrying the client's idempotency key of a command. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  /** What an Idempotency-Key may be: 1 to 200 visible ASCII characters. */
  public static final String KEY_PATTERN = "[\\x21-\\x7E]{1,200}";
  public static final String KEY_MESSAGE = "Idempotency-Key: 1 to 200 visible ASCII characters";
  /** The message when a command that costs stock or money comes without its Idempotency-Key. */
  public static final String KEY_REQUIRED = "Idempotency-Key header required: a duplicate of this command costs stock "
      + "or money";
  /** Set on a response replayed for a repeated Idempotency-Key. */
  public static final String REPLAYED = "Idempotent-Replayed";

  private CommandResponses() {
  }

  public static Response toResponse(CommandResult r) {
    Response.ResponseBuilder b = Response.status(r.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(r.body());
    if (r.location() != null) {
      b.location(URI.create(r.location()));
    }
    if (r.etag() != null) {
      b.tag(new jakarta.ws.rs.core.EntityTag(r.etag()));
    }
    if (r.replayed()) {
      b.header(REPLAYED, "true");
    }
    return b.build();
  }
}
