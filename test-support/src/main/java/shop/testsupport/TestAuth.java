package shop.testsupport;

import java.util.UUID;
import java.util.function.Function;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.specification.FilterableRequestSpecification;

/**
 * What a test module's requests carry unless a test sets its own, as a well-behaved client sends them: a bearer token
 * and, on every command, a fresh Idempotency-Key. A module whose tests exercise the service's behaviour rather than
 * its access rules (every access rule has its own table-driven test, over plain HTTP) registers a
 * {@code QuarkusTestBeforeEachCallback} that calls {@link #useBearer}. A request that names its own
 * {@code Authorization} or {@code Idempotency-Key} keeps it.
 */
public final class TestAuth {
  private static volatile String defaultBearer;

  private TestAuth() {
  }

  public static void useBearer(String token) {
    defaultBearer = token;
    useBearers(path -> token);
  }

  /** As {@link #useBearer}, with the token chosen by the request's URI. */
  public static void useBearers(Function<String, String> tokenForUri) {
    Filter filter = (request, response, ctx) -> {
      if (!request.getHeaders().hasHeaderWithName("Authorization")
          && !request.getHeaders().hasHeaderWithName("Cart-Token")) {
        request.header("Authorization", "Bearer " + tokenForUri.apply(request.getURI()));
      }
      withIdempotencyKey(request);
      return ctx.next(request, response);
    };
    RestAssured.replaceFiltersWith(filter);
  }

  /** The default {@code Authorization} header value, or null. */
  public static String authorization() {
    String token = defaultBearer;
    return token == null ? null : "Bearer " + token;
  }

  /** Gives a command (anything but a GET) a fresh Idempotency-Key unless it names its own, as a client would. */
  public static void withIdempotencyKey(FilterableRequestSpecification request) {
    if (!"GET".equals(request.getMethod()) && !request.getHeaders().hasHeaderWithName("Idempotency-Key")) {
      request.header("Idempotency-Key", UUID.randomUUID().toString());
    }
  }
}
