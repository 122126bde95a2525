package shop.bench;

import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * GETs of the paths listed in {@code -Dpaths=<csv with a "path" column>} (picked at random) at a constant arrival
 * rate: cart reads, catalogue searches, the trivial endpoints. {@code -Dname} labels the requests.
 */
public class GetPathsSimulation extends Simulation {
  ChainBuilder reads = feed(csv(System.getProperty("paths", "paths.csv")).random())
      .exec(http(System.getProperty("name", "get")).get("#{path}").check(status().is(200)));

  {
    setUp(OpenLoop.warmedUp(System.getProperty("name", "get"), reads)).protocols(OpenLoop.protocol());
  }
}
