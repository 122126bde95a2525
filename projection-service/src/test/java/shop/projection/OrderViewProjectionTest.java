package shop.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import shop.events.EventCatalog;
import shop.events.EventTypes;
import shop.events.Money;
import shop.events.OrderEvent;
import shop.events.OrderLine;
import shop.events.StockShortfall;
import shop.events.Topics;
import shop.platform.Json;
import shop.projection.service.ViewChanges;
import shop.testsupport.CloudEventProducer;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.RedisServerResource;

/** The order view from order-events: version order, read-your-writes, a customer's list; the cart view's warnings. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "projection_test"))
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(RedisServerResource.class)
class OrderViewProjectionTest {
  @Inject
  ViewChanges changes;

  static final Instant T0 = Instant.parse("2026-12-01T18:30:00Z");

  @Inject
  Json json;

  OrderEvent.Placed placed(String owner, String cart, Instant at) {
    return new OrderEvent.Placed("order-" + UUID.randomUUID(), cart, 4, owner, "shop-north",
        List.of(new OrderLine("beer", "Pils", 2, new Money(450, "EUR"), new Money(900, "EUR")),
            new OrderLine("gin", "Gin", 1, new Money(2900, "EUR"), new Money(2900, "EUR"))),
        new Money(3800, "EUR"), at, at.plusSeconds(120));
  }

  void publish(OrderEvent e, long version) {
    CloudEventProducer.publish(Topics.ORDER_EVENTS, e.orderId(), EventCatalog.typeOf(e), version, json.write(e));
  }

  @Test
  void shouldAnswerAWaitingReadAsSoonAsThisInstanceCommitsTheOrder() throws Exception {
    // given a placed order, and a read waiting for its confirmation (version 2; the test poll lasts the whole wait)
    OrderEvent.Placed order = placed(CartViewProjectionTest.OWNER, "cart-" + UUID.randomUUID(), T0);
    publish(order, 1);
    given().get("/orders/" + order.orderId() + "?minVersion=1").then().statusCode(200);
    CompletableFuture<Response> read = CompletableFuture
        .supplyAsync(() -> given().get("/orders/" + order.orderId() + "?minVersion=2"));

    // when the confirmation arrives while it waits
    // (once the read waits: from then on only a wake-up ends it early)
    await().atMost(Duration.ofSeconds(5)).until(() -> changes.waiting() > 0);
    long wokenBefore = changes.woken();
    publish(new OrderEvent.Confirmed(order.orderId(), "shop-north", T0.plusSeconds(1)), 2);
    Response r = read.get(10, TimeUnit.SECONDS);

    // then the commit woke it (not the end of its 2 s poll: counted, not timed) and it answers the confirmed order
    r.then().statusCode(200).header("ETag", "\"2\"");
    assertThat(r.jsonPath().getString("status")).isEqualTo("confirmed");
    assertThat(changes.woken()).isGreaterThan(wokenBefore);
  }

  @Test
  void shouldFollowAnOrderInVersionOrderEvenWhenItsEventsArriveOutOfOrder() {
    OrderEvent.Placed order = placed(CartViewProjectionTest.OWNER, "cart-1", T0);
    // the confirmation arrives first: parked until the order is placed
    publish(new OrderEvent.Confirmed(order.orderId(), "shop-north", T0.plusSeconds(1)), 2);
    publish(order, 1);
    publish(order, 1); // a redelivery changes nothing

    Response r = given().get("/orders/" + order.orderId() + "?minVersion=2");

    r.then().statusCode(200).header("ETag", "\"2\"");
    JsonPath view = r.jsonPath();
    assertThat(view.getString("status")).isEqualTo("confirmed");
    assertThat(view.getList("lines.name")).containsExactly("Pils", "Gin");
    assertThat(view.getInt("itemCount")).isEqualTo(3);
    assertThat(view.getLong("total.amount")).isEqualTo(3800);
    assertThat(view.getList("history.status")).containsExactly("placed", "confirmed");
    assertThat(view.getString("history[1].at")).isEqualTo("2026-12-01T18:30:01Z");
    given().header("If-None-Match", "\"2\"").get("/orders/" + order.orderId()).then().statusCode(304);

    publish(new OrderEvent.Fulfilled(order.orderId(), "shop-north", T0.plusSeconds(60)), 3);
    assertThat(given().get("/orders/" + order.orderId() + "?minVersion=3").jsonPath().getString("status"))
        .isEqualTo("fulfilled");
  }

  @Test
  void shouldShowARejectedOrdersShortfallsAndTheWarningsOnItsReopenedCart() {
    String cart = CartViewProjectionTest.cartId();
    CartViewProjectionTest.created(cart);
    CartViewProjectionTest.added(cart, 2, "gin", 1, 1);
    OrderEvent.Placed order = placed(CartViewProjectionTest.OWNER, cart, T0);
    CartViewProjectionTest.event(cart, EventTypes.CART_CHECKOUT_STARTED, 3,
        "{\"cartId\":\"" + cart + "\",\"orderId\":\"" + order.orderId() + "\"}");
    publish(order, 1);
    publish(new OrderEvent.Rejected(order.orderId(), "shop-north", "insufficient-stock",
        List.of(new StockShortfall("gin", 1, 0)), T0.plusSeconds(1)), 2);
    CartViewProjectionTest.event(cart, EventTypes.CART_REOPENED, 4, "{\"cartId\":\"" + cart + "\",\"orderId\":\""
        + order.orderId() + "\",\"reason\":\"insufficient-stock\",\"shortfalls\":[{\"productId\":\"gin\","
        + "\"requested\":1,\"available\":0}]}");

    JsonPath rejected = given().get("/orders/" + order.orderId() + "?minVersion=2").jsonPath();
    assertThat(rejected.getString("status")).isEqualTo("rejected");
    assertThat(rejected.getString("history[1].reason")).isEqualTo("insufficient-stock");
    assertThat(rejected.getLong("shortfalls[0].available")).isZero();
    JsonPath reopened = given().get("/carts/" + cart + "?minVersion=4").jsonPath();
    assertThat(reopened.getString("status")).isEqualTo("open");
    assertThat(reopened.getString("orderId")).isEqualTo(order.orderId());
    assertThat(reopened.getString("warnings[0].productId")).isEqualTo("gin");

    // changing the short line drops its warning
    CartViewProjectionTest.event(cart, EventTypes.CART_ITEM_REMOVED, 5,
        "{\"cartId\":\"" + cart + "\",\"productId\":\"gin\"}");
    assertThat(given().get("/carts/" + cart + "?minVersion=5").jsonPath().getList("warnings")).isNull();
  }

  @Test
  void shouldListACustomersOrdersNewestFirst() {
    String owner = "ana-" + UUID.randomUUID();
    OrderEvent.Placed first = placed(owner, "c-a", T0);
    OrderEvent.Placed second = placed(owner, "c-b", T0.plusSeconds(60));
    OrderEvent.Placed third = placed(owner, "c-c", T0.plusSeconds(120));
    publish(second, 1);
    publish(third, 1);
    publish(first, 1);
    publish(placed("someone-else", "c-d", T0), 1);

    String ana = shop.testsupport.TestTokens.customer(owner);
    await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(ana).get("/customers/" + owner + "/orders")
        .jsonPath().getLong("total") == 3);
    JsonPath page = given().auth().oauth2(ana).get("/customers/" + owner + "/orders?size=2").jsonPath();
    assertThat(page.getList("items.id")).containsExactly(third.orderId(), second.orderId());
    assertThat(given().auth().oauth2(ana).get("/customers/" + owner + "/orders?page=1&size=2").jsonPath()
        .getList("items.id")).containsExactly(first.orderId());
    given().auth().oauth2(ana).get("/customers/" + owner + "/orders?size=201").then().statusCode(400);
  }
}
