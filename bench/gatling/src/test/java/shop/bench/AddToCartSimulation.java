package shop.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;

/** Add-to-cart across many carts (a random cart and product per request), at a constant arrival rate. */
public class AddToCartSimulation extends Simulation {
  ChainBuilder add = feed(csv(System.getProperty("carts", "carts.csv")).random())
      .exec(http("add").post("/carts/#{cartId}/items")
          .body(StringBody("{\"productId\":\"#{productId}\",\"quantity\":1}"))
          .check(status().is(200)));

  {
    setUp(OpenLoop.warmedUp("add-to-cart", add)).protocols(OpenLoop.protocol());
  }
}
