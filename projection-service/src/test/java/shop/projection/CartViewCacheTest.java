package shop.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.RedisServerResource;

/** Redis is a cache: hot cart reads come from it; with Redis stopped reads still answer, and it recovers by itself. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "projection_test"))
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(RedisServerResource.class)
class CartViewCacheTest {

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

  static double cacheCount(String result) {
    String metrics = given().get("/q/metrics").then().extract().asString();
    return metrics.lines()
        .filter(l -> l.startsWith("projection_cache_total{") && l.contains("result=\"" + result + "\"")
            && l.contains("view=\"cart\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf("} ") + 2).split(" ")[0])).findFirst().orElse(0);
  }
}
