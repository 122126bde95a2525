package shop.cart;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static shop.cart.Orders.cart;
import static shop.cart.Orders.checkout;
import static shop.cart.Orders.order;
import static shop.cart.Orders.placeOrder;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.cart.service.AbandonmentJob;
import shop.events.StockShortfall;
import shop.platform.Json;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.KafkaTopicReader.Received;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.TestTokens;

/**
 * Checkout and orders in cart-service (issue 11), with stock-service's answers played on the real broker: the cart
 * freezes and the order is placed in one transaction, the answer moves both, a retry finds the same order, and bad
 * requests change nothing.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "cart_test"))
@WithTestResource(KafkaBrokerResource.class)
class CheckoutTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  @Inject
  Json json;
  @Inject
  Pool pool;
  @Inject
  AbandonmentJob abandonment;
  @Inject
  MeterRegistry registry;

  Orders stock;
  String beer;
  String wine;

  @BeforeEach
  void setUp() {
    stock = new Orders(json);
    beer = CartApi.product(450);
    wine = CartApi.product(1200);
  }

  String cartOf(String owner) {
    String cart = CartApi.createCart(owner);
    CartApi.add(cart, beer, 2).then().statusCode(200);
    CartApi.add(cart, wine, 1).then().statusCode(200);
    return cart;
  }

  @Test
  void shouldFreezeTheCartPlaceTheOrderAndConfirmBothOnTheReservation() {
    // given kim's cart with 2 beers and a wine (version 3)
    String cart = cartOf("kim");

    // when kim checks out
    var answer = checkout(cart).then().statusCode(202).extract();
    String orderId = answer.path("orderId");

    // then the order is placed and the cart frozen
    assertThat(answer.header("Location")).endsWith("/orders/" + orderId);
    JsonPath order = order(orderId);
    assertThat(order.getString("status")).isEqualTo("placed");
    assertThat(order.getString("cartId")).isEqualTo(cart);
    assertThat(order.getLong("cartVersion")).isEqualTo(3);
    assertThat(order.getString("ownerId")).isEqualTo("kim");
    assertThat(order.getLong("total.amount")).isEqualTo(2100);
    assertThat(order.getInt("itemCount")).isEqualTo(3);
    assertThat(order.getList("lines.productId")).containsExactly(beer, wine);
    assertThat(order.getString("reserveBy")).isNotNull();
    JsonPath frozen = cart(cart);
    assertThat(frozen.getString("status")).isEqualTo("checking-out");
    assertThat(frozen.getString("orderId")).isEqualTo(orderId);
    CartApi.add(cart, beer, 1).then().statusCode(409).body("code", equalTo("cart-closed"));
    // and order.placed.v1 went to order-events, versioned per order
    List<Received> events = Orders.orderEvents(orderId, 1, WAIT);
    assertThat(events.get(0).header("ce_type")).isEqualTo("order.placed.v1");
    assertThat(events.get(0).header("ce_sequence")).isEqualTo("1");
    assertThat(JsonPath.from(events.get(0).value()).getLong("total.amount")).isEqualTo(2100);

    // when stock-service holds every line (and the answer is delivered twice)
    stock.reserved(orderId);
    stock.reserved(orderId);

    // then the order is confirmed once and the cart checked out
    await().atMost(WAIT).until(() -> order(orderId).getString("status").equals("confirmed"));
    assertThat(cart(cart).getString("status")).isEqualTo("checked-out");
    List<Received> all = Orders.orderEvents(orderId, 3, Duration.ofSeconds(3));
    assertThat(all).extracting(r -> r.header("ce_type")).containsExactly("order.placed.v1", "order.confirmed.v1");
    assertThat(all.get(1).header("ce_sequence")).isEqualTo("2");
    assertThat(order(orderId).getList("history.status")).containsExactly("placed", "confirmed");
  }

  @Test
  void shouldAnswerTheSameOrderToARetriedCheckout() {
    String cart = cartOf("kim");
    String first = placeOrder(cart);
    // a double click (no key), a retry with If-Match of the version checked out, and one with another key
    assertThat(placeOrder(cart)).isEqualTo(first);
    assertThat(given().header("If-Match", "\"3\"").post("/carts/" + cart + "/checkout").then().statusCode(202)
        .extract().<String>path("orderId")).isEqualTo(first);
    given().header("If-Match", "\"2\"").post("/carts/" + cart + "/checkout").then().statusCode(412)
        .body("code", equalTo("version-conflict"));
    assertThat(Orders.orderEvents(first, 2, Duration.ofSeconds(3))).as("placed once").hasSize(1);
    assertThat(cart(cart).getLong("version")).isEqualTo(4);
  }

  @Test
  void shouldReopenTheCartWithAWarningPerShortLineWhenStockIsShort() {
    String cart = cartOf("kim");
    String orderId = placeOrder(cart);

    stock.refused(orderId, "insufficient-stock", new StockShortfall(beer, 2, 1));

    await().atMost(WAIT).until(() -> order(orderId).getString("status").equals("rejected"));
    JsonPath rejected = order(orderId);
    assertThat(rejected.getString("history[1].reason")).isEqualTo("insufficient-stock");
    assertThat(rejected.getLong("shortfalls[0].available")).isEqualTo(1);
    JsonPath reopened = cart(cart);
    assertThat(reopened.getString("status")).isEqualTo("open");
    assertThat(reopened.getList("lines.productId")).containsExactly(beer, wine);
    assertThat(reopened.getString("warnings[0].productId")).isEqualTo(beer);
    assertThat(reopened.getLong("warnings[0].requested")).isEqualTo(2);
    assertThat(reopened.getLong("warnings[0].available")).isEqualTo(1);

    // the shopper fixes the line (its warning goes) and checks out again: another order
    given().contentType(ContentType.JSON).body("{\"quantity\":1}").put("/carts/" + cart + "/items/" + beer).then()
        .statusCode(200).body("warnings", org.hamcrest.Matchers.nullValue());
    String second = placeOrder(cart);
    assertThat(second).isNotEqualTo(orderId);
    // a late confirmation of the rejected order changes nothing
    stock.reserved(orderId);
    stock.reserved(second);
    await().atMost(WAIT).until(() -> order(second).getString("status").equals("confirmed"));
    assertThat(order(orderId).getString("status")).isEqualTo("rejected");
    assertThat(cart(cart).getString("orderId")).isEqualTo(second);
  }

  @Test
  void shouldCancelAConfirmedOrderOnceAndLetStaffFulfilAnother() {
    String cancelled = confirmedOrder(cartOf("kim"));
    given().post("/orders/" + cancelled + "/cancel").then().statusCode(200).body("status", equalTo("cancelled"));
    given().post("/orders/" + cancelled + "/cancel").then().statusCode(409).body("code", equalTo("order-closed"));
    assertThat(Orders.orderEvents(cancelled, 3, WAIT)).extracting(r -> r.header("ce_type"))
        .containsExactly("order.placed.v1", "order.confirmed.v1", "order.cancelled.v1");

    String kept = confirmedOrder(cartOf("kim"));
    // the customer cannot fulfil it, staff elsewhere do not see it, staff of its location fulfil it
    given().post("/orders/" + kept + "/fulfil").then().statusCode(403).body("code", equalTo("forbidden"));
    given().auth().oauth2(TestTokens.staff("shop-south")).post("/orders/" + kept + "/fulfil").then().statusCode(404);
    given().auth().oauth2(TestTokens.staff("shop-north")).get("/orders/" + kept).then().statusCode(200);
    given().auth().oauth2(TestTokens.staff("shop-north")).post("/orders/" + kept + "/fulfil").then().statusCode(200)
        .body("status", equalTo("fulfilled"));
    given().post("/orders/" + kept + "/cancel").then().statusCode(409).body("code", equalTo("order-closed"));
    assertThat(order(kept).getList("history.status")).containsExactly("placed", "confirmed", "fulfilled");
  }

  @Test
  void shouldCancelAConfirmedOrderWhoseReservationWasLost() {
    String orderId = confirmedOrder(cartOf("kim"));
    double lostBefore = registry.counter("cart.reservation.events", "outcome", "reservation-lost").count();
    stock.refused(orderId, "expired", new StockShortfall(beer, 2, 0));
    await().atMost(WAIT).until(() -> order(orderId).getString("status").equals("cancelled"));
    assertThat(order(orderId).getString("history[2].reason")).isEqualTo("reservation-expired");
    // counted once (the metric operators watch for this race)
    await().atMost(WAIT).untilAsserted(() -> assertThat(
        registry.counter("cart.reservation.events", "outcome", "reservation-lost").count()).isEqualTo(lostBefore + 1));
  }

  @Test
  void shouldRefuseCheckoutsAndOrderCommandsThatCannotApplyAndChangeNothing() {
    // an empty cart
    String empty = CartApi.createCart("kim");
    refused(checkout(empty), 409, "cart-empty");
    assertUnchanged(empty, 1, "open");
    // an unknown cart
    refused(given().post("/carts/no-such-cart/checkout"), 404, "not-found");
    // a merged cart (closed) and someone else's cart
    String source = cartOf("kim");
    String target = cartOf("kim");
    given().contentType(ContentType.JSON).body("{\"sourceCartId\":\"" + source + "\"}")
        .post("/carts/" + target + "/merge").then().statusCode(200);
    long sourceVersion = cart(source).getLong("version");
    long targetVersion = cart(target).getLong("version");
    refused(checkout(source), 409, "cart-closed");
    assertUnchanged(source, sourceVersion, "merged");
    refused(given().auth().oauth2(TestTokens.customer("alex")).post("/carts/" + target + "/checkout"), 404,
        "not-found");
    assertUnchanged(target, targetVersion, "open");
    // an abandoned cart
    String idle = cartOf("kim");
    pool.preparedQuery("update cart set last_activity_at = now() - interval '2 hours' where cart_id = $1")
        .execute(Tuple.of(idle)).await().indefinitely();
    abandonment.abandonIdleCarts().await().indefinitely();
    refused(checkout(idle), 409, "cart-closed");
    assertUnchanged(idle, 4, "abandoned");

    // order commands: unknown, not yet confirmed, someone else's
    refused(given().post("/orders/no-such-order/cancel"), 404, "not-found");
    String pending = placeOrder(cartOf("kim"));
    refused(given().post("/orders/" + pending + "/cancel"), 409, "order-pending");
    refused(given().auth().oauth2(TestTokens.customer("alex")).get("/orders/" + pending), 404, "not-found");
    refused(given().auth().oauth2(TestTokens.customer("alex")).post("/orders/" + pending + "/cancel"), 404,
        "not-found");
    assertThat(order(pending).getString("status")).isEqualTo("placed");
    assertThat(order(pending).getLong("version")).isEqualTo(1);
    assertThat(Orders.orderEvents(pending, 2, Duration.ofSeconds(2))).as("only its placement").hasSize(1);
  }

  @Test
  void shouldRefuseACheckoutOfAnOlderVersionOfTheCartAndPlaceNothing() {
    // given kim's cart at version 3, seen by the storefront at version 2
    String cart = cartOf("kim");

    // when it is checked out with If-Match of version 2
    refused(given().header("If-Match", "\"2\"").post("/carts/" + cart + "/checkout"), 412, "version-conflict");

    // then nothing changed: the cart is open at version 3 with no order, and no order was placed
    assertUnchanged(cart, 3, "open");
    assertThat(cart(cart).getString("orderId")).isNull();
    given().get("/carts/" + cart + "/history").then().body("size()", equalTo(3));
    // and the current version checks it out
    given().header("If-Match", "\"3\"").post("/carts/" + cart + "/checkout").then().statusCode(202);
  }

  static void refused(Response response, int status, String code) {
    response.then().statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
  }

  static void assertUnchanged(String cart, long version, String status) {
    JsonPath now = cart(cart);
    assertThat(now.getLong("version")).as("version of " + cart).isEqualTo(version);
    assertThat(now.getString("status")).isEqualTo(status);
  }

  @Test
  void shouldLetAGuestCheckOutAndCancelWithTheCartToken() {
    String cart = cartOf(null);
    String orderId = placeOrder(cart);
    stock.reserved(orderId);
    await().atMost(WAIT).until(() -> order(orderId).getString("status").equals("confirmed"));
    given().post("/orders/" + orderId + "/cancel").then().statusCode(200);
    // without the token the order is not there
    given().header("Cart-Token", "v1.forged").get("/orders/" + orderId).then().statusCode(404);
  }

  @Test
  void shouldRejectAnOrderWhoseReservationExpiredBeforeItWasConfirmed() {
    String cart = cartOf("kim");
    String orderId = placeOrder(cart);
    stock.expired(orderId);
    await().atMost(WAIT).until(() -> order(orderId).getString("status").equals("rejected"));
    assertThat(order(orderId).getString("history[1].reason")).isEqualTo("expired");
    assertThat(cart(cart).getString("status")).isEqualTo("open");
  }

  String confirmedOrder(String cart) {
    String orderId = placeOrder(cart);
    stock.reserved(orderId);
    await().atMost(WAIT).until(() -> order(orderId).getString("status").equals("confirmed"));
    return orderId;
  }
}
