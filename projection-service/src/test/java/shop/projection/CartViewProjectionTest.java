package shop.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import shop.events.EventTypes;
import shop.events.Topics;
import shop.projection.service.ViewChanges;
import shop.testsupport.CloudEventProducer;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.RedisServerResource;

/** The cart view from cart-events: version order, parking, read-your-writes, ETag/304. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "projection_test"))
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(RedisServerResource.class)
class CartViewProjectionTest {
  @Inject
  ViewChanges changes;

  /** Whose carts these are: the tests read them with this customer's bearer token ({@link TestCredentials}). */
  static final String OWNER = "kim";

  static void event(String cart, String type, long version, String payload) {
    CloudEventProducer.publish(Topics.CART_EVENTS, cart, type, version, payload);
  }

  static void created(String cart) {
    event(cart, EventTypes.CART_CREATED, 1,
        "{\"cartId\":\"" + cart + "\",\"ownerId\":\"" + OWNER + "\",\"locationId\":\"shop-north\","
            + "\"currency\":\"EUR\"}");
  }

  static void added(String cart, long version, String product, int added, int lineQuantity) {
    event(cart, EventTypes.CART_ITEM_ADDED, version, "{\"cartId\":\"" + cart + "\",\"quantity\":" + added
        + ",\"line\":{\"productId\":\"" + product + "\",\"name\":\"N-" + product + "\",\"unitPrice\":{\"amount\":450,"
        + "\"currency\":\"EUR\"},\"quantity\":" + lineQuantity + "}}");
  }

  static String cartId() {
    return "cart-" + UUID.randomUUID();
  }

  @Test
  void shouldServeReadYourWritesWithMinVersion() {
    String cart = cartId();
    created(cart);
    added(cart, 2, "beer", 2, 2);
    added(cart, 3, "beer", 1, 3);

    Response r = given().get("/carts/" + cart + "?minVersion=3");
    r.then().statusCode(200).header("ETag", "\"3\"")
        .body("version", equalTo(3), "status", equalTo("open"), "lines.productId", contains("beer"),
            "lines.quantity", contains(3), "itemCount", equalTo(3), "total.amount", equalTo(1350));
    assertThat(r.header("Read-Model-Stale")).isNull();
    given().header("If-None-Match", "\"3\"").get("/carts/" + cart).then().statusCode(304);
    given().header("If-None-Match", "\"2\", \"3\"").get("/carts/" + cart).then().statusCode(304);
    given().header("If-None-Match", "\"2\"").get("/carts/" + cart).then().statusCode(200);
    given().header("If-Match", "\"2\"").get("/carts/" + cart).then().statusCode(412)
        .contentType("application/problem+json")
        .body("code", equalTo("version-conflict"), "currentVersion", equalTo(3));
    given().get("/carts/" + cart + "/summary").then().statusCode(200)
        .body("itemCount", equalTo(3), "total.amount", equalTo(1350), "version", equalTo(3));
  }

  @Test
  void shouldAnswerAWaitingReadAsSoonAsThisInstanceCommitsTheView() throws Exception {
    // given a cart at version 1, and a read waiting for version 2 (in tests the read-your-writes poll is as long as
    // the whole wait: only the wake-up after the commit answers it early)
    String cart = cartId();
    created(cart);
    given().get("/carts/" + cart + "?minVersion=1").then().statusCode(200);
    CompletableFuture<Response> read = CompletableFuture
        .supplyAsync(() -> given().get("/carts/" + cart + "?minVersion=2"));

    // when version 2 arrives while it waits
    // (once the read waits: from then on only a wake-up ends it early)
    await().atMost(Duration.ofSeconds(5)).until(() -> changes.waiting() > 0);
    long wokenBefore = changes.woken();
    added(cart, 2, "beer", 1, 1);
    Response r = read.get(10, TimeUnit.SECONDS);

    // then the commit woke it (it did not wait for the end of its poll: no clock in this test, the wake-up is counted)
    // and it answers version 2
    r.then().statusCode(200).body("version", equalTo(2));
    assertThat(r.header("Read-Model-Stale")).isNull();
    assertThat(changes.woken()).isGreaterThan(wokenBefore);
  }

  @Test
  void shouldParkAnEarlyEventApplyItWhenTheGapFillsAndIgnoreDuplicates() {
    String cart = cartId();
    created(cart);
    added(cart, 2, "beer", 1, 1);
    given().get("/carts/" + cart + "?minVersion=2").then().statusCode(200).body("version", equalTo(2));

    // version 4 overtakes version 3
    event(cart, EventTypes.CART_ITEM_QUANTITY_CHANGED, 4, "{\"cartId\":\"" + cart + "\",\"productId\":\"wine\","
        + "\"quantity\":5}");
    Response stale = given().get("/carts/" + cart + "?minVersion=4");
    stale.then().statusCode(200).header("Read-Model-Stale", "true").body("version", equalTo(2));

    added(cart, 3, "wine", 1, 1);
    given().get("/carts/" + cart + "?minVersion=4").then().statusCode(200)
        .body("version", equalTo(4), "lines.productId", contains("beer", "wine"), "lines.quantity", contains(1, 5));

    // a redelivered event changes nothing
    added(cart, 2, "beer", 1, 1);
    event(cart, EventTypes.CART_CLEARED, 5, "{\"cartId\":\"" + cart + "\"}");
    given().get("/carts/" + cart + "?minVersion=5").then().statusCode(200)
        .body("version", equalTo(5), "lines.size()", equalTo(0));
  }

  @Test
  void shouldReportEachReadModelsLag() {
    String cart = cartId();
    created(cart);
    given().get("/carts/" + cart + "?minVersion=1").then().statusCode(200);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(() -> given().get("/projections").then().statusCode(200)
            .body("name", contains("cart", "catalogue", "order", "popularity", "stock"),
                "find { it.name == 'cart' }.eventsBehind", equalTo(0),
                "find { it.name == 'cart' }.eventsApplied", org.hamcrest.Matchers.greaterThan(0)));
    assertThat(given().get("/q/metrics").then().extract().asString())
        .contains("projection_lag_seconds{name=\"cart\"}", "projection_lag_events{name=\"cart\"}");
  }

  @Test
  void shouldDeadLetterACartEventWithoutSequenceAndAnswer404ForUnknownCarts() {
    String cart = cartId();
    CloudEventProducer.publish(Topics.CART_EVENTS, cart, EventTypes.CART_CREATED, "{\"cartId\":\"" + cart + "\"}");
    created(cart);
    given().get("/carts/" + cart + "?minVersion=1").then().statusCode(200).body("version", equalTo(1));
    given().get("/carts/no-such-cart").then().statusCode(404).contentType("application/problem+json")
        .body("code", equalTo("not-found"));
    given().get("/carts/" + cart + "?minVersion=0").then().statusCode(400).body("code", equalTo("validation-failed"));
  }
}
