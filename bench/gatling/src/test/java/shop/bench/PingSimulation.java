package shop.bench;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;

/** The trivial Quarkus endpoint at a constant arrival rate: the HTTP ceiling our services are compared with. */
public class PingSimulation extends Simulation {
  ChainBuilder ping = exec(http("ping").get("/ping").check(status().is(200)));

  {
    setUp(OpenLoop.warmedUp("ping", ping)).protocols(OpenLoop.protocol());
  }
}
