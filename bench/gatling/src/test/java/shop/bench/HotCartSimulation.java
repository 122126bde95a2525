package shop.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * The hot cart: every request changes the same cart (as many tabs and devices of one shopper would), half adds, half
 * quantity changes (which keep lines under the per-line limit). A fresh cart per run.
 */
public class HotCartSimulation extends Simulation {
  static final String CART = createCart();

  ChainBuilder hot = feed(csv(System.getProperty("carts", "carts.csv")).random())
      .randomSwitch().on(
          percent(50.0).then(exec(http("add")
              .post("/carts/" + CART + "/items")
              .body(StringBody("{\"productId\":\"#{productId}\",\"quantity\":1}")).check(status().is(200)))),
          percent(50.0).then(exec(http("set-quantity")
              .put("/carts/" + CART + "/items/#{productId}")
              .body(StringBody("{\"quantity\":1}")).check(status().in(200, 404)))));

  {
    setUp(OpenLoop.warmedUp("hot-cart", hot)).protocols(OpenLoop.protocol());
  }

  private static String createCart() {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(OpenLoop.BASE_URL
          + "/carts")).header("Content-Type", "application/json").header("Authorization", "Bearer " + OpenLoop.BEARER)
          .POST(HttpRequest.BodyPublishers.ofString("{\"locationId\":\"bench-loc-01\",\"currency\":\"EUR\"}"))
          .build(),
          HttpResponse.BodyHandlers.ofString());
      return r.body().replaceAll("^\\{\"id\":\"([^\"]+)\".*$", "$1");
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the hot cart", e);
    }
  }
}
