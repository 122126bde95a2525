package shop.platform.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import shop.platform.Json;

/**
 * The request limits, answered as problem+json before anything reads the request: a URI over
 * {@link #MAX_URI_LENGTH} is {@code 414 uri-too-long}, headers over {@link #MAX_HEADERS_SIZE} are
 * {@code 431 headers-too-large}, a declared body over {@code quarkus.http.limits.max-body-size} (sized to the largest
 * valid command) is {@code 413 body-too-large}, refused before a byte of it is read. A body without a Content-Type
 * naming one type (missing, empty, a wildcard) is {@code 415 unsupported-media-type} (endpoints take {@code application/json} only, which a web page cannot send
 * cross-site without a CORS preflight; a missing type would otherwise be read as JSON).
 * <p>
 * Vert.x's own limits (set higher in each service's configuration) stay as the backstop: a request past them, or a
 * header holding a control character, is refused by Vert.x before any handler runs, with an empty body (Quarkus
 * 3.34 offers no hook for that answer). A chunked body over the limit is cut by Quarkus with an empty 413.
 */
@ApplicationScoped
public class HttpLimits {
  public static final int MAX_URI_LENGTH = 4096;
  public static final int MAX_HEADERS_SIZE = 16 * 1024;
  /** Before Quarkus's own body-size route (order -2), after the access log. */
  static final int ORDER = -3;

  private final long maxBody;
  private final Json json;
  private final Rejections rejections;

  public HttpLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody, Json json,
      Rejections rejections) {
    this.maxBody = maxBody.asLongValue();
    this.json = json;
    this.rejections = rejections;
  }

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(this::check);
  }

  void check(RoutingContext rc) {
    var request = rc.request();
    if (request.uri().length() > MAX_URI_LENGTH) {
      refuse(rc, Problem.of(414, "uri-too-long", "URI too long",
          "the path and query may take at most " + MAX_URI_LENGTH + " characters"));
      return;
    }
    long headerBytes = 0;
    for (var h : request.headers()) {
      headerBytes += h.getKey().length() + h.getValue().length() + 4;
    }
    if (headerBytes > MAX_HEADERS_SIZE) {
      refuse(rc, Problem.of(431, "headers-too-large", "Request header fields too large",
          "the headers may take at most " + MAX_HEADERS_SIZE + " bytes"));
      return;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && tooLong(length)) {
      rc.response().putHeader(HttpHeaders.CONNECTION, "close"); // the body is never read
      refuse(rc, Problem.of(413, "body-too-large", "Content too large",
          "the body may take at most " + maxBody + " bytes, more than the largest valid command"));
      return;
    }
    if (length != null ? !"0".equals(length.strip()) : request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
      if (!concrete(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
        refuse(rc, Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
            "a body must be sent as Content-Type: application/json"));
        return;
      }
    }
    rc.next();
  }

  /** A media type that names one type: not missing, empty or a wildcard such as {@code *}{@code /*}. */
  static boolean concrete(String contentType) {
    if (contentType == null) {
      return false;
    }
    int params = contentType.indexOf(';');
    String type = (params < 0 ? contentType : contentType.substring(0, params)).strip();
    return !type.isEmpty() && type.indexOf('*') < 0 && type.indexOf('/') > 0;
  }

  private boolean tooLong(String contentLength) {
    try {
      return Long.parseLong(contentLength.strip()) > maxBody;
    } catch (NumberFormatException e) {
      return false; // Vert.x refuses a malformed Content-Length itself
    }
  }

  private void refuse(RoutingContext rc, Problem problem) {
    rejections.count(problem);
    String body = json.write(problem);
    rc.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body);
  }
}
