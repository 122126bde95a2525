package shop.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

import shop.events.EventTypes;
import shop.events.Topics;
import shop.testsupport.CloudEventProducer;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.RedisServerResource;

/**
 * Rebuilds replay each read model's topic into fresh tables and swap them in: the rebuilt tables equal the
 * incrementally built ones, queries answer throughout, and events arriving during a rebuild are not lost.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "projection_test"))
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(RedisServerResource.class)
class RebuildTest {
  /** Each read model's tables, with the columns that depend on the event history only (not on when it was applied). */
  static final Map<String, String> CONTENT = new LinkedHashMap<>();
  static {
    CONTENT.put("product_view", "select product_id, sku, name, category, price_amount, currency, active, version, "
        + "search from product_view order by product_id");
    CONTENT.put("stock_view", "select location_id, product_id, on_hand, reserved, available, version, changed_at "
        + "from stock_view order by location_id, product_id");
    CONTENT.put("cart_view", "select cart_id, owner_id, location_id, currency, status, version, lines, changed_at, "
        + "warnings, order_id from cart_view order by cart_id");
    CONTENT.put("cart_event_parked", "select cart_id, version, type, payload, event_at from cart_event_parked "
        + "order by cart_id, version");
    CONTENT.put("order_view", "select order_id, owner_id, cart_id, location_id, status, version, placed_at, view, "
        + "changed_at from order_view order by order_id");
    CONTENT.put("order_event_parked", "select order_id, version, type, payload, event_at from order_event_parked "
        + "order by order_id, version");
    CONTENT.put("product_popularity", "select product_id, units from product_popularity order by product_id");
    CONTENT.put("sale_event_applied", "select event_id from sale_event_applied order by event_id");
  }

  @Inject
  Pool pool;

  @Test
  void shouldRebuildEveryReadModelToTheSameContentWhileServingQueries() {
    // a history with duplicates, a stock gap, a cart event parked before its predecessor and a redelivered sale
    String bar = StockProjectionTest.id("bar");
    String beer = StockProjectionTest.id("beer");
    StockProjectionTest.product(beer, "Pils", 1);
    StockProjectionTest.product(beer, "Pils 33cl", 2);
    StockProjectionTest.stock(bar, beer, 10, 1);
    StockProjectionTest.stock(bar, beer, 8, 3);
    StockProjectionTest.stock(bar, beer, 10, 1);
    String cart = CartViewProjectionTest.cartId();
    CartViewProjectionTest.created(cart);
    CartViewProjectionTest.added(cart, 3, "wine", 1, 1);
    CartViewProjectionTest.added(cart, 2, beer, 2, 2);
    CartViewProjectionTest.added(cart, 5, "rum", 1, 1); // version 4 never comes: stays parked
    String sale = UUID.randomUUID().toString();
    CatalogueSearchTest.sale(sale, EventTypes.SALE_COMPLETED, beer, 2);
    CatalogueSearchTest.sale(sale, EventTypes.SALE_COMPLETED, beer, 2);
    // an order placed and confirmed, and one whose confirmation (version 3) waits for a version 2 that never comes
    String confirmed = "order-" + UUID.randomUUID();
    String waiting = "order-" + UUID.randomUUID();
    ProjectionAccessTest.placed(confirmed, cart, CartViewProjectionTest.OWNER);
    CloudEventProducer.publish(Topics.ORDER_EVENTS, confirmed, EventTypes.ORDER_CONFIRMED, 2L,
        "{\"orderId\":\"" + confirmed + "\",\"locationId\":\"shop-north\",\"confirmedAt\":\"2026-12-01T18:30:01Z\"}");
    ProjectionAccessTest.placed(waiting, cart, CartViewProjectionTest.OWNER);
    CloudEventProducer.publish(Topics.ORDER_EVENTS, waiting, EventTypes.ORDER_FULFILLED, 3L,
        "{\"orderId\":\"" + waiting + "\",\"locationId\":\"shop-north\",\"fulfilledAt\":\"2026-12-01T18:31:00Z\"}");
    given().get("/carts/" + cart + "?minVersion=3").then().statusCode(200).body("version", equalTo(3));
    await().atMost(Duration.ofSeconds(20)).until(() -> count("cart_event_parked", "cart_id", cart) == 1);
    given().get("/orders/" + confirmed + "?minVersion=2").then().statusCode(200).body("status", equalTo("confirmed"));
    await().atMost(Duration.ofSeconds(20)).until(() -> count("order_event_parked", "order_id", waiting) == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> StockProjectionTest.available(bar, beer) == 8
        && given().get("/products/" + beer).then().extract().path("name").equals("Pils 33cl")
        && popularity(beer) == 2);

    Map<String, List<String>> incremental = content();
    for (String name : List.of("catalogue", "stock", "cart", "popularity", "order")) {
      given().post("/projections/" + name + "/rebuild").then().statusCode(202)
          .header("Location", org.hamcrest.Matchers.endsWith("/projections"))
          .body("name", equalTo(name), "state", equalTo("running"));
    }
    // queries keep answering while the rebuilds run
    for (int i = 0; i < 20; i++) {
      given().get("/carts/" + cart).then().statusCode(200).body("version", equalTo(3));
      given().get("/locations/" + bar + "/stock").then().statusCode(200);
    }
    awaitRebuilt("catalogue", "stock", "cart", "popularity", "order");

    Map<String, List<String>> rebuilt = content();
    incremental.forEach((table, rows) -> assertThat(rebuilt.get(table)).as(table).isNotEmpty().isEqualTo(rows));
    given().get("/carts/" + cart).then().statusCode(200).body("version", equalTo(3), "itemCount", equalTo(3));
    assertThat(popularity(beer)).isEqualTo(2);
  }

  @Test
  void shouldKeepEventsThatArriveDuringARebuild() {
    String bar = StockProjectionTest.id("bar");
    String beer = StockProjectionTest.id("beer");
    StockProjectionTest.stock(bar, beer, 10, 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> StockProjectionTest.available(bar, beer) == 10);

    given().post("/projections/stock/rebuild").then().statusCode(202);
    given().post("/projections/stock/rebuild").then().statusCode(409).contentType("application/problem+json")
        .body("code", equalTo("rebuild-in-progress"));
    for (long v = 2; v <= 30; v++) {
      StockProjectionTest.stock(bar, beer, 10 - v / 3, v);
    }
    awaitRebuilt("stock");
    await().atMost(Duration.ofSeconds(20)).until(() -> StockProjectionTest.available(bar, beer) == 0);
    given().get("/projections").then().statusCode(200)
        .body("find { it.name == 'stock' }.rebuild.eventsReplayed", org.hamcrest.Matchers.greaterThan(0));
  }

  @Test
  void shouldRefuseAnUnknownReadModel() {
    given().post("/projections/orders-by-moon/rebuild").then().statusCode(404)
        .contentType("application/problem+json").body("code", equalTo("not-found"));
  }

  private static void awaitRebuilt(String... names) {
    for (String name : names) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> !"running".equals(
          given().get("/projections").then().extract().path("find { it.name == '" + name + "' }.rebuild.state")));
      given().get("/projections").then().body("find { it.name == '" + name + "' }.rebuild.state", equalTo("done"));
    }
  }

  private static long popularity(String product) {
    Object units = given().get("/products?category=beer&q=" + "Pils").then().statusCode(200).extract()
        .path("items.find { it.id == '" + product + "' }.popularity");
    return units == null ? -1 : ((Number) units).longValue();
  }

  private long count(String table, String column, String value) {
    return pool.preparedQuery("select count(*) as n from " + table + " where " + column + " = $1")
        .execute(io.vertx.mutiny.sqlclient.Tuple.of(value)).await().atMost(Duration.ofSeconds(10)).iterator().next()
        .getLong("n");
  }

  private Map<String, List<String>> content() {
    Map<String, List<String>> content = new LinkedHashMap<>();
    CONTENT.forEach((table, sql) -> {
      List<String> rows = new ArrayList<>();
      pool.query("select row_to_json(t)::text as row from (" + sql + ") t").execute().await()
          .atMost(Duration.ofSeconds(10)).forEach(r -> rows.add(r.getString("row")));
      content.put(table, rows);
    });
    return content;
  }
}
