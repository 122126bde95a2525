package shop.stock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static shop.stock.OrderReservations.CONFIRMED;
import static shop.stock.OrderReservations.EXPIRED;
import static shop.stock.OrderReservations.REJECTED;
import static shop.stock.OrderReservations.answers;
import static shop.stock.ReservationsTest.assertLevel;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import shop.events.OrderEvent;
import shop.platform.Json;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.KafkaTopicReader.Received;
import shop.testsupport.PostgresDatabaseResource;

/**
 * Reservations not confirmed in time give their units back, and the race of a confirmation arriving just after the
 * expiry ends consistent either way (issue 11, step 5), with a forced 1 s hold.
 */
@QuarkusTest
@TestProfile(ReservationExpiryTest.ShortHold.class)
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class ReservationExpiryTest {
  public static class ShortHold implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("stock.reservations.hold", "1s", "stock.reservations.sweep-interval", "200ms");
    }
  }

  @Inject
  Json json;
  @Inject
  MeterRegistry registry;

  OrderReservations orders;

  @BeforeEach
  void setUp() {
    orders = new OrderReservations(json);
  }

  @Test
  void shouldReleaseAReservationNotConfirmedInTime() {
    StockApi.Shelf shelf = StockApi.shelf(450, 3);
    OrderEvent.Placed order = orders.order(shelf.location(), shelf.product(), 2);
    orders.publish(order);

    List<Received> answers = answers(order.orderId(), 2);
    assertThat(answers).extracting(r -> r.header("ce_type")).containsExactly(CONFIRMED, EXPIRED);
    assertThat(JsonPath.from(answers.get(1).value()).getList("lines.quantity")).containsExactly(2);
    assertLevel(shelf.location(), shelf.product(), 3, 0, 3);
  }

  @Test
  void shouldHoldTheUnitsAgainWhenTheConfirmationArrivesAfterTheExpiryAndTheyAreStillThere() {
    StockApi.Shelf shelf = StockApi.shelf(450, 3);
    OrderEvent.Placed order = orders.order(shelf.location(), shelf.product(), 2);
    orders.publish(order);
    answers(order.orderId(), 2); // confirmed, expired

    orders.confirm(order.orderId());

    List<Received> answers = answers(order.orderId(), 3);
    assertThat(answers.get(2).header("ce_type")).isEqualTo(CONFIRMED);
    assertThat(answers.get(2).value()).contains("\"expiresAt\":null");
    assertLevel(shelf.location(), shelf.product(), 3, 2, 1);
    // committed: the sweeper leaves it alone
    assertThat(OrderReservations.received(shop.events.Topics.RESERVATION_EVENTS, order.orderId(), 4,
        java.time.Duration.ofSeconds(2))).hasSize(3);
  }

  @Test
  void shouldTellTheOrderWhenTheConfirmationArrivesAfterTheExpiryAndTheUnitsAreGone() {
    StockApi.Shelf shelf = StockApi.shelf(450, 2);
    OrderEvent.Placed order = orders.order(shelf.location(), shelf.product(), 2);
    orders.publish(order);
    answers(order.orderId(), 2); // confirmed, expired
    given().contentType("application/json").body(StockApi.items(shelf.product(), "1"))
        .post("/locations/" + shelf.location() + "/sales").then().statusCode(201);
    double lostBefore = lost();

    orders.confirm(order.orderId());

    Received lost = answers(order.orderId(), 3).get(2);
    assertThat(lost.header("ce_type")).isEqualTo(REJECTED);
    assertThat(lost.value()).contains("\"reason\":\"expired\"")
        .contains("\"requested\":2,\"available\":1");
    assertLevel(shelf.location(), shelf.product(), 1, 0, 1);
    // and counted, once the consumer has committed it
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(lost()).isEqualTo(lostBefore + 1));

    // a redelivered confirmation changes nothing, even once the units are back
    given().contentType("application/json").body("{\"quantity\":5}")
        .post("/locations/" + shelf.location() + "/stock/" + shelf.product() + "/receipts").then().statusCode(200);
    orders.confirm(order.orderId());
    assertThat(OrderReservations.received(shop.events.Topics.RESERVATION_EVENTS, order.orderId(), 4,
        java.time.Duration.ofSeconds(3))).hasSize(3);
    assertLevel(shelf.location(), shelf.product(), 6, 0, 6);

    // staff hand the goods over before the order heard it was lost: they leave from what is available, once
    orders.fulfil(order.orderId());
    orders.fulfil(order.orderId());
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .untilAsserted(() -> assertLevel(shelf.location(), shelf.product(), 4, 0, 4));
    given().get("/locations/" + shelf.location() + "/sales").then().statusCode(200)
        .body("items.id", org.hamcrest.Matchers.hasItem(order.orderId()));
  }

  /** Confirmations that came after their reservation expired, when its units were gone. */
  double lost() {
    return registry.counter("stock.order.events", "outcome", "lost").count();
  }
}
