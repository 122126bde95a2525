package shop.bench;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/** Settings shared by the simulations: open-loop arrival rate, duration and target, from system properties. */
final class OpenLoop {
  static final int RATE = Integer.getInteger("rate", 100);
  static final int SECONDS = Integer.getInteger("seconds", 15);
  static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8081");

  private OpenLoop() {
  }

  /** A constant arrival rate: requests start on schedule whether or not earlier ones finished. */
  static OpenInjectionStep constantRate() {
    return constantUsersPerSec(RATE).during(SECONDS);
  }

  /** One shared connection pool for every virtual user, as a gateway in front of the service would have. */
  static HttpProtocolBuilder protocol() {
    return http.baseUrl(BASE_URL).shareConnections().contentTypeHeader("application/json")
        .acceptHeader("application/json");
  }
}
