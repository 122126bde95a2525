package shop.bench;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/** The trivial Quarkus endpoint at a constant arrival rate: the HTTP ceiling our services are compared with. */
public class PingSimulation extends Simulation {
  ScenarioBuilder ping = scenario("ping").exec(http("ping").get("/ping").check(status().is(200)));

  {
    setUp(ping.injectOpen(OpenLoop.constantRate())).protocols(OpenLoop.protocol());
  }
}
