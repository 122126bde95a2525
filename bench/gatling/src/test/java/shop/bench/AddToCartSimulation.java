package shop.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/** Add-to-cart across many carts (a random cart and product per request), at a constant arrival rate. */
public class AddToCartSimulation extends Simulation {
  ScenarioBuilder add = scenario("add-to-cart")
      .feed(csv(System.getProperty("carts", "carts.csv")).random())
      .exec(http("add").post("/carts/#{cartId}/items")
          .body(StringBody("{\"productId\":\"#{productId}\",\"quantity\":1}"))
          .check(status().is(200)));

  {
    setUp(add.injectOpen(OpenLoop.constantRate())).protocols(OpenLoop.protocol());
  }
}
