package shop.platform;

import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.vertx.http.runtime.filters.Filters;

/**
 * Echoes a request's {@code X-Request-Id} on its response, so a client can quote it whichever gateway is in front: the
 * local nginx sets the id and echoes it itself (hiding this copy), Envoy Gateway sets it on the request only. Only a
 * plain id is echoed (the gateways' own rule: 1 to 128 of {@code A-Z a-z 0-9 . _ : -}); anything else is not repeated.
 */
@Singleton
public class RequestIds {
  public static final String HEADER = "X-Request-Id";
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  void echo(@Observes Filters filters) {
    filters.register(rc -> {
      String id = rc.request().getHeader(HEADER);
      if (isPlain(id)) {
        rc.response().putHeader(HEADER, id);
      }
      rc.next();
    }, 100);
  }

  static boolean isPlain(String id) {
    return id != null && PLAIN.matcher(id).matches();
  }
}
