package shop.bench;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/** Settings shared by the simulations: open-loop arrival rate, duration and target, from system properties. */
final class OpenLoop {
  static final int RATE = Integer.getInteger("rate", 100);
  static final int SECONDS = Integer.getInteger("seconds", 15);
  static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8081");
  /** The bearer token every request carries (none when empty): a till's, a shopper's, as the scenario needs. */
  static final String BEARER = System.getProperty("bearer", "");
  /** Seconds of the same load before the measured part, in the same JVM (Gatling's own JIT warm-up is not measured). */
  static final int WARMUP = Integer.getInteger("warmup", 5);

  private OpenLoop() {
  }

  /** A constant arrival rate: requests start on schedule whether or not earlier ones finished. */
  static OpenInjectionStep constantRate() {
    return constantUsersPerSec(RATE).during(SECONDS);
  }

  /**
   * The chain at the constant rate: first {@link #WARMUP} seconds in group {@code warm-up}, then {@link #SECONDS} in
   * group {@code measured}, whose statistics the bench reads (bench/gatling_stats.py).
   */
  static PopulationBuilder warmedUp(String name, ChainBuilder chain) {
    return scenario(name + "-warm-up").exec(group("warm-up").on(chain))
        .injectOpen(constantUsersPerSec(RATE).during(WARMUP))
        .andThen(scenario(name).exec(group("measured").on(chain)).injectOpen(constantRate()));
  }

  /** One shared connection pool for every virtual user, as a gateway in front of the service would have. */
  static HttpProtocolBuilder protocol() {
    HttpProtocolBuilder protocol = http.baseUrl(BASE_URL).shareConnections().contentTypeHeader("application/json")
        .acceptHeader("application/json");
    return BEARER.isEmpty() ? protocol : protocol.authorizationHeader("Bearer " + BEARER);
  }
}
