package shop.stock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static shop.stock.OrderReservations.CONFIRMED;
import static shop.stock.OrderReservations.REJECTED;
import static shop.stock.OrderReservations.RELEASED;
import static shop.stock.OrderReservations.answer;
import static shop.stock.OrderReservations.answers;
import static shop.stock.OrderReservations.isType;
import static shop.stock.OrderReservations.level;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import shop.events.EventTypes;
import shop.events.OrderEvent;
import shop.events.StockEvent;
import shop.events.Topics;
import shop.platform.Json;
import shop.testsupport.CloudEventProducer;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.KafkaTopicReader.Received;
import shop.testsupport.PostgresDatabaseResource;

/**
 * Stock held for orders (issue 11): stock-service consumes {@code order-events} from the real broker and answers on
 * {@code reservation-events}; every figure is read back from the authoritative stock API.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class ReservationsTest {
  @Inject
  Json json;

  OrderReservations orders;

  @BeforeEach
  void setUp() {
    orders = new OrderReservations(json);
  }

  @Test
  void shouldHoldEveryLineOrNoneAndTellTheOrderWhich() {
    // given 3 beers and 1 gin at a shop
    StockApi.Shelf beer = StockApi.shelf(450, 3);
    String gin = StockApi.createProduct(2900);
    StockApi.count(beer.location(), gin, 1);

    // when an order wants 2 beers and the gin
    OrderEvent.Placed first = orders.order(beer.location(), beer.product(), 2, gin, 1);
    orders.publish(first);

    // then both lines are held: reserved up, available down, on-hand unchanged
    Received confirmed = answer(first.orderId());
    assertThat(confirmed.header("ce_type")).isEqualTo(CONFIRMED);
    JsonPath body = JsonPath.from(confirmed.value());
    assertThat(body.getList("lines.productId")).containsExactlyInAnyOrder(beer.product(), gin);
    assertThat(body.getString("expiresAt")).isNotNull();
    assertLevel(beer.location(), beer.product(), 3, 2, 1);
    assertLevel(beer.location(), gin, 1, 1, 0);
    // with one stock.changed per line, reason reservation
    List<Received> changes = OrderReservations.received(Topics.STOCK_EVENTS, beer.location() + ":" + gin, 2);
    assertThat(changes.get(changes.size() - 1).value())
        .contains("\"reason\":\"" + StockEvent.Changed.REASON_RESERVATION)
        .contains("\"reference\":\"" + first.orderId());

    // when a second order wants 2 beers (1 is available) and nothing else
    OrderEvent.Placed second = orders.order(beer.location(), beer.product(), 2);
    orders.publish(second);

    // then it is rejected with the shortfall, and nothing changes
    Received rejected = answer(second.orderId());
    assertThat(rejected.header("ce_type")).isEqualTo(REJECTED);
    assertThat(rejected.value()).contains("\"reason\":\"insufficient-stock\"")
        .contains("{\"productId\":\"" + beer.product() + "\",\"requested\":2,\"available\":1}");
    assertLevel(beer.location(), beer.product(), 3, 2, 1);
  }

  @Test
  void shouldSumTheLinesOfAProductOrderedTwice() {
    // given 3 beers
    StockApi.Shelf beer = StockApi.shelf(450, 3);

    // when an order lists the beer twice, 1 + 2
    OrderEvent.Placed twice = orders.order(beer.location(), beer.product(), 1, beer.product(), 2);
    orders.publish(twice);

    // then the 3 are held as one line, and a second order of 1 is short
    Received confirmed = answer(twice.orderId());
    assertThat(confirmed.header("ce_type")).isEqualTo(CONFIRMED);
    assertThat(JsonPath.from(confirmed.value()).getList("lines.quantity")).containsExactly(3);
    assertLevel(beer.location(), beer.product(), 3, 3, 0);
    OrderEvent.Placed more = orders.order(beer.location(), beer.product(), 1);
    orders.publish(more);
    assertThat(answer(more.orderId()).header("ce_type")).isEqualTo(REJECTED);
  }

  @Test
  void shouldReleaseTheUnitsOfAnOrderItsWatchdogRejected() {
    // given an order holding 2 of 5
    StockApi.Shelf shelf = StockApi.shelf(450, 5);
    OrderEvent.Placed order = orders.order(shelf.location(), shelf.product(), 2);
    orders.publish(order);
    answer(order.orderId());
    assertLevel(shelf.location(), shelf.product(), 5, 2, 3);

    // when cart-service rejects it (twice: a redelivery), as its watchdog does when no answer came in time
    orders.reject(order.orderId());
    orders.reject(order.orderId());

    // then its units are available again, once
    List<Received> all = answers(order.orderId(), 2);
    assertThat(all.get(1).header("ce_type")).isEqualTo(RELEASED);
    assertLevel(shelf.location(), shelf.product(), 5, 0, 5);
    assertThat(OrderReservations.received(Topics.RESERVATION_EVENTS, order.orderId(), 3, Duration.ofSeconds(3)))
        .hasSize(2);
  }

  @Test
  void shouldNotLetAPosSaleTakeHeldUnits() {
    StockApi.Shelf shelf = StockApi.shelf(450, 2);
    OrderEvent.Placed order = orders.order(shelf.location(), shelf.product(), 2);
    orders.publish(order);
    assertThat(answer(order.orderId()).header("ce_type")).isEqualTo(CONFIRMED);

    given().contentType("application/json").body(StockApi.items(shelf.product(), "1"))
        .post("/locations/" + shelf.location() + "/sales").then().statusCode(409)
        .body("code", org.hamcrest.Matchers.equalTo("insufficient-stock"));
    assertLevel(shelf.location(), shelf.product(), 2, 2, 0);
  }

  @Test
  void shouldReserveOnceForARedeliveredOrderAndAnswerWithTheSameEventId() {
    StockApi.Shelf shelf = StockApi.shelf(450, 5);
    OrderEvent.Placed order = orders.order(shelf.location(), shelf.product(), 2);
    orders.publish(order);
    Received first = answer(order.orderId());

    // a redelivery (same ce_id) and a second publication (another ce_id) of the same order
    orders.publish(order);
    orders.publish(order);

    List<Received> all = answers(order.orderId(), 3);
    assertThat(all).hasSize(3).allSatisfy(r -> {
      assertThat(r.header("ce_id")).as("the stored outcome, published again").isEqualTo(first.header("ce_id"));
      assertThat(r.value()).isEqualTo(first.value());
    });
    assertLevel(shelf.location(), shelf.product(), 5, 2, 3);
  }

  @Test
  void shouldReleaseACancelledOrderOnceAndFulfilAConfirmedOneOnce() {
    StockApi.Shelf shelf = StockApi.shelf(450, 10);
    OrderEvent.Placed kept = orders.order(shelf.location(), shelf.product(), 3);
    OrderEvent.Placed dropped = orders.order(shelf.location(), shelf.product(), 4);
    orders.publish(kept);
    orders.publish(dropped);
    answer(kept.orderId());
    answer(dropped.orderId());
    assertLevel(shelf.location(), shelf.product(), 10, 7, 3);

    // the dropped order is cancelled (twice): its units come back once
    orders.cancel(dropped.orderId());
    orders.cancel(dropped.orderId());
    List<Received> droppedAnswers = answers(dropped.orderId(), 2);
    assertThat(droppedAnswers.get(1).header("ce_type")).isEqualTo(RELEASED);
    // the kept order is confirmed, then fulfilled (twice), then a late cancel arrives
    orders.confirm(kept.orderId());
    orders.fulfil(kept.orderId());
    orders.fulfil(kept.orderId());
    orders.cancel(kept.orderId());

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertLevel(shelf.location(), shelf.product(), 7, 0, 7));
    // the fulfilment is a sale of the location, with the order's id and prices
    JsonPath sales = given().get("/locations/" + shelf.location() + "/sales").then().statusCode(200).extract()
        .jsonPath();
    assertThat(sales.getList("items.id")).containsExactly(kept.orderId());
    assertThat(sales.getLong("items[0].total.amount")).isEqualTo(1500);
    Received sale = OrderReservations.received(Topics.SALE_EVENTS, kept.orderId(), 1).get(0);
    assertThat(sale.value()).contains("\"orderId\":\"" + kept.orderId() + "\"");
    // nothing more happens: no second release, no second sale
    orders.cancel(dropped.orderId());
    assertThat(OrderReservations.received(Topics.RESERVATION_EVENTS, dropped.orderId(), 3, Duration.ofSeconds(3)))
        .hasSize(2);
    assertLevel(shelf.location(), shelf.product(), 7, 0, 7);
  }

  @Test
  void shouldRefuseAnOrderPastItsDeadlineWithoutHoldingAnything() {
    StockApi.Shelf shelf = StockApi.shelf(450, 5);
    OrderEvent.Placed late = orders.order(shelf.location(), Instant.now().minusSeconds(1), shelf.product(), 1);
    orders.publish(late);
    Received answer = answer(late.orderId());
    assertThat(answer.header("ce_type")).isEqualTo(REJECTED);
    assertThat(answer.value()).contains("\"reason\":\"too-late\"");
    assertLevel(shelf.location(), shelf.product(), 5, 0, 5);
  }

  @Test
  void shouldSendAnInvalidOrderToTheDeadLetterTopicAndKeepGoing() {
    String orderId = UUID.randomUUID().toString();
    CloudEventProducer.publish(Topics.ORDER_EVENTS, orderId, EventTypes.ORDER_PLACED,
        "{\"orderId\":\"" + orderId + "\",\"locationId\":\"x\",\"lines\":[],\"total\":{\"amount\":0,"
            + "\"currency\":\"EUR\"},\"reserveBy\":\"2099-01-01T00:00:00Z\"}");
    List<Received> dead = OrderReservations.received(Topics.deadLetter(Topics.ORDER_EVENTS), orderId, 1);
    assertThat(dead).hasSize(1);
    // and the next order is served
    StockApi.Shelf shelf = StockApi.shelf(450, 1);
    OrderEvent.Placed next = orders.order(shelf.location(), shelf.product(), 1);
    orders.publish(next);
    assertThat(answer(next.orderId()).header("ce_type")).isEqualTo(CONFIRMED);
  }

  @Test
  void shouldGiveTheLastUnitToExactlyOneOfAHundredOrdersAndPosSalesRacingThem() {
    StockApi.Shelf shelf = StockApi.shelf(450, 1);
    List<OrderEvent.Placed> placed = new ArrayList<>();
    List<CompletableFuture<java.net.http.HttpResponse<String>>> sales = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      OrderEvent.Placed o = orders.order(shelf.location(), shelf.product(), 1);
      placed.add(o);
      orders.publish(o);
      if (i % 10 == 0) {
        sales.add(StockApi.postAsync("/locations/" + shelf.location() + "/sales", StockApi.items(shelf.product(), "1"),
            UUID.randomUUID().toString()));
      }
    }
    long soldAtTheTill = sales.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 201).count();
    var answered = OrderReservations.firstAnswers(placed.stream().map(OrderEvent.Placed::orderId).toList());
    assertThat(answered).as("every order is answered").hasSize(100);
    long held = answered.values().stream().filter(r -> isType(r, CONFIRMED)).count();
    assertThat(soldAtTheTill + held).as("the last unit goes once").isEqualTo(1);
    JsonPath level = level(shelf.location(), shelf.product());
    assertThat(level.getLong("onHand")).isEqualTo(1 - soldAtTheTill);
    assertThat(level.getLong("reserved")).isEqualTo(held);
    assertThat(level.getLong("available")).isZero();
  }

  static void assertLevel(String location, String product, long onHand, long reserved, long available) {
    JsonPath level = level(location, product);
    assertThat(List.of(level.getLong("onHand"), level.getLong("reserved"), level.getLong("available")))
        .as("onHand, reserved, available of %s", product).containsExactly(onHand, reserved, available);
  }
}
