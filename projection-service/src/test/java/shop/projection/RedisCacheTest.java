package shop.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.RedisServerResource;

/**
 * Redis is a cache: hot cart views and stock lists are read from it; with Redis stopped reads still answer, and it
 * recovers by itself.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "projection_test"))
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(RedisServerResource.class)
class RedisCacheTest {

  @AfterEach
  void redisBack() {
    RedisServerResource.startServer();
  }

  @Test
  void shouldServeFromRedisSurviveItsOutageAndRecover() {
    String cart = "cart-" + UUID.randomUUID();
    CartViewProjectionTest.created(cart);
    CartViewProjectionTest.added(cart, 2, "beer", 1, 1);
    given().get("/carts/" + cart + "?minVersion=2").then().statusCode(200).body("version", equalTo(2));
    double hits = cacheCount("hit");
    given().get("/carts/" + cart).then().statusCode(200).body("version", equalTo(2));
    assertThat(cacheCount("hit")).as("the projection wrote the view to Redis").isGreaterThan(hits);

    // Redis goes away: reads are answered from PostgreSQL, readiness says so but stays UP
    RedisServerResource.stopServer();
    CartViewProjectionTest.added(cart, 3, "wine", 2, 2);
    given().get("/carts/" + cart + "?minVersion=3").then().statusCode(200)
        .body("version", equalTo(3), "itemCount", equalTo(3));
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"),
        "checks.data.cache", hasItem("down (serving from PostgreSQL)"));

    // Redis returns (empty): the cache refills by itself
    RedisServerResource.startServer();
    CartViewProjectionTest.added(cart, 4, "beer", 1, 2);
    given().get("/carts/" + cart + "?minVersion=4").then().statusCode(200).body("version", equalTo(4));
    double hitsAfter = cacheCount("hit");
    given().get("/carts/" + cart).then().statusCode(200).body("version", equalTo(4), "itemCount", equalTo(4));
    assertThat(cacheCount("hit")).isGreaterThan(hitsAfter);
    given().get("/q/health/ready").then().statusCode(200).body("checks.data.cache", hasItem("up"));
  }

  @Test
  void shouldServeStockListsFromRedisKeepThemCurrentAndSurviveAnOutage() {
    String location = StockProjectionTest.id("bar");
    String beer = StockProjectionTest.id("p");
    String wine = StockProjectionTest.id("p");
    StockProjectionTest.product(beer, "Beer", 1);
    StockProjectionTest.product(wine, "Wine", 1);
    StockProjectionTest.stock(location, beer, 10, 1);
    StockProjectionTest.stock(location, wine, 5, 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> StockProjectionTest.available(location, wine) == 5
        && StockProjectionTest.available(location, beer) == 10);
    // and both products applied (names shown): a product event applied later drops the location's cached list
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/locations/" + location + "/stock")
        .then().body("name", contains("Beer", "Wine")));

    // the list is now cached whole; the projection keeps it current (no miss, no PostgreSQL read)
    given().get("/locations/" + location + "/stock").then().statusCode(200);
    double misses = cacheCount("stock", "miss");
    double hits = cacheCount("stock", "hit");
    StockProjectionTest.stock(location, beer, 9, 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> StockProjectionTest.available(location, beer) == 9);
    given().get("/locations/" + location + "/stock").then().statusCode(200)
        .body("name", contains("Beer", "Wine"), "available", contains(9, 5));
    assertThat(cacheCount("stock", "miss")).isEqualTo(misses);
    assertThat(cacheCount("stock", "hit")).isGreaterThan(hits);

    // a late, older level never overwrites the cached newer one
    StockProjectionTest.stock(location, beer, 10, 1);
    StockProjectionTest.stock(location, wine, 4, 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> StockProjectionTest.available(location, wine) == 4);
    assertThat(StockProjectionTest.available(location, beer)).isEqualTo(9);

    // a renamed product shows its new name
    StockProjectionTest.product(beer, "Lager", 2);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/locations/" + location + "/stock")
        .then().body("name", contains("Lager", "Wine")));

    // Redis away: PostgreSQL answers, changes still show; back: the list is cached again
    RedisServerResource.stopServer();
    StockProjectionTest.stock(location, wine, 3, 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> StockProjectionTest.available(location, wine) == 3);
    RedisServerResource.startServer();
    given().get("/locations/" + location + "/stock").then().statusCode(200);
    double hitsAfter = cacheCount("stock", "hit");
    given().get("/locations/" + location + "/stock").then().statusCode(200).body("available", contains(9, 3));
    assertThat(cacheCount("stock", "hit")).isGreaterThan(hitsAfter);
  }

  static double cacheCount(String result) {
    return cacheCount("cart", result);
  }

  static double cacheCount(String view, String result) {
    String metrics = given().get("/q/metrics").then().extract().asString();
    return metrics.lines()
        .filter(l -> l.startsWith("projection_cache_total{") && l.contains("result=\"" + result + "\"")
            && l.contains("view=\"" + view + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf("} ") + 2).split(" ")[0])).findFirst().orElse(0);
  }
}
