package shop.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static shop.analytics.AnalyticsEvents.line;
import static shop.analytics.AnalyticsEvents.orderLine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.platform.Json;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.TestTokens;

/**
 * The figures rebuilt from the event history: tables damaged on purpose come back exact, queries answer throughout,
 * and only admins may start it.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "analytics_test"))
@WithTestResource(KafkaBrokerResource.class)
class RebuildTest {
  static final String SHOP = "rebuild-shop";
  static final String DAILY = "/analytics/daily?locationId=" + SHOP + "&from=2026-05-01&to=2026-05-02";
  static final String TOP = "/analytics/top-products?locationId=" + SHOP + "&from=2026-05-01&to=2026-05-02";

  @Inject
  Json json;

  @Inject
  Pool pool;

  @Test
  void shouldRebuildDamagedFiguresExactlyWhileQueriesKeepAnswering() {
    AnalyticsEvents events = new AnalyticsEvents(json);
    events.location(SHOP, "Europe/Lisbon");
    events.sale(SHOP, Instant.parse("2026-05-01T10:00:00Z"), line("coffee", 2, 150));
    events.sale(SHOP, Instant.parse("2026-05-02T23:30:00Z"), line("coffee", 1, 150)); // the 3rd in Lisbon (+1)
    String order = events.order(SHOP, Instant.parse("2026-05-02T09:00:00Z"), orderLine("cake", 1, 400));
    events.confirmed(order, SHOP, Instant.parse("2026-05-02T09:00:10Z"));
    events.cart("cart-" + order, SHOP, Instant.parse("2026-05-02T08:00:00Z"));
    events.checkedOut("cart-" + order, Instant.parse("2026-05-02T09:00:10Z"));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      var days = given().auth().oauth2(TestTokens.admin()).get(DAILY).then().statusCode(200).extract().jsonPath();
      return days.getInt("items[0].orders") == 1 && days.getInt("items[1].orders") == 1
          && days.getInt("items[1].cartsCheckedOut") == 1
          && given().auth().oauth2(TestTokens.admin()).get(TOP.replace("2026-05-02", "2026-05-03")).then()
              .extract().jsonPath().getInt("items.find { it.productId == 'coffee' }.units") == 3; // the 3rd's too
    });
    Map<String, Object> daily = admin(DAILY);
    Map<String, Object> top = admin(TOP);

    pool.preparedQuery("update figures set orders = orders + 100, revenue = 0 where location_id = $1")
        .execute(Tuple.of(SHOP)).await().indefinitely();
    pool.preparedQuery("delete from product_figures where location_id = $1").execute(Tuple.of(SHOP))
        .await().indefinitely();
    assertThat(admin(DAILY)).isNotEqualTo(daily);

    given().auth().oauth2(TestTokens.manager(SHOP)).post("/analytics/rebuild").then().statusCode(403);
    // queries keep coming from another thread for the whole rebuild, its swap included
    java.util.concurrent.atomic.AtomicBoolean rebuilding = new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.List<Integer> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CompletableFuture<Void> querying = java.util.concurrent.CompletableFuture.runAsync(() -> {
      while (rebuilding.get()) {
        answers.add(given().auth().oauth2(TestTokens.admin()).get(DAILY).statusCode());
      }
    });
    given().auth().oauth2(TestTokens.admin()).post("/analytics/rebuild").then().statusCode(202)
        .body("state", org.hamcrest.Matchers.equalTo("running"));
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(given().auth().oauth2(TestTokens.admin())
          .get("/analytics/rebuild").then().statusCode(200).extract().path("state")));
    } finally {
      rebuilding.set(false);
      querying.join();
    }
    assertThat(answers).as("queries during the rebuild").isNotEmpty().containsOnly(200);

    assertThat(admin(DAILY)).isEqualTo(daily);
    assertThat(admin(TOP)).isEqualTo(top);
    assertThat(given().auth().oauth2(TestTokens.admin()).get("/analytics/rebuild").then().extract()
        .<Integer>path("eventsReplayed")).isGreaterThanOrEqualTo(7);
  }

  static Map<String, Object> admin(String path) {
    return given().auth().oauth2(TestTokens.admin()).get(path).then().statusCode(200).extract().jsonPath()
        .getMap("$");
  }
}
