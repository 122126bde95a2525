package shop.stock;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.path.json.JsonPath;

import shop.events.EventTypes;
import shop.events.Money;
import shop.events.OrderEvent;
import shop.events.OrderLine;
import shop.events.Topics;
import shop.platform.Json;
import shop.testsupport.CloudEventProducer;
import shop.testsupport.KafkaTopicReader;
import shop.testsupport.KafkaTopicReader.Received;

/** Test helper: plays cart-service's part of the checkout on the real broker, and reads stock-service's answers. */
final class OrderReservations {
  private final Json json;

  OrderReservations(Json json) {
    this.json = json;
  }

  /** An order of {@code productQuantityPairs} at a location, placed now, to be reserved within a minute. */
  OrderEvent.Placed order(String location, Object... productQuantityPairs) {
    return order(location, Instant.now().plusSeconds(60), productQuantityPairs);
  }

  OrderEvent.Placed order(String location, Instant reserveBy, Object... productQuantityPairs) {
    List<OrderLine> lines = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < productQuantityPairs.length; i += 2) {
      int q = (Integer) productQuantityPairs[i + 1];
      lines.add(new OrderLine((String) productQuantityPairs[i], "Product", q, new Money(500, "EUR"),
          new Money(500L * q, "EUR")));
      total += 500L * q;
    }
    return new OrderEvent.Placed(UUID.randomUUID().toString(), "cart-" + UUID.randomUUID(), 3, "kim", location, lines,
        new Money(total, "EUR"), Instant.now(), reserveBy);
  }

  void publish(OrderEvent event) {
    publishWithId(event, UUID.randomUUID().toString());
  }

  /** With a chosen {@code ce_id}: publishing twice with one id is a redelivery. */
  void publishWithId(OrderEvent event, String ceId) {
    CloudEventProducer.publishWithId(Topics.ORDER_EVENTS, event.orderId(), shop.events.EventCatalog.typeOf(event),
        null, ceId, json.write(event));
  }

  void confirm(String orderId) {
    publish(new OrderEvent.Confirmed(orderId, null, Instant.now()));
  }

  void cancel(String orderId) {
    publish(new OrderEvent.Cancelled(orderId, null, "customer", Instant.now()));
  }

  /** cart-service's watchdog gave up on the order (it stayed placed past its deadline). */
  void reject(String orderId) {
    publish(new OrderEvent.Rejected(orderId, null, "expired", List.of(), Instant.now()));
  }

  void fulfil(String orderId) {
    publish(new OrderEvent.Fulfilled(orderId, null, Instant.now()));
  }

  /** Waits until stock-service published {@code count} events of the order on reservation-events; all of them. */
  static List<Received> answers(String orderId, int count) {
    return received(Topics.RESERVATION_EVENTS, orderId, count);
  }

  /** The first answer to each of these orders, read in one pass. */
  static java.util.Map<String, Received> firstAnswers(java.util.Collection<String> orderIds) {
    try (KafkaTopicReader reader = new KafkaTopicReader(bootstrap(), Topics.RESERVATION_EVENTS)) {
      java.util.Map<String, Received> first = new java.util.HashMap<>();
      reader.pollUntil(seen -> {
        seen.stream().filter(r -> orderIds.contains(r.key())).forEach(r -> first.putIfAbsent(r.key(), r));
        return first.size() == orderIds.size();
      }, Duration.ofSeconds(60));
      return first;
    }
  }

  static Received answer(String orderId) {
    return answers(orderId, 1).get(0);
  }

  static List<Received> received(String topic, String key, int count) {
    return received(topic, key, count, Duration.ofSeconds(20));
  }

  /** The records of {@code key} on {@code topic} once there are {@code count}, or all of them after {@code wait}. */
  static List<Received> received(String topic, String key, int count, Duration wait) {
    Predicate<Received> mine = r -> key.equals(r.key());
    try (KafkaTopicReader reader = new KafkaTopicReader(bootstrap(), topic)) {
      return reader.pollUntil(seen -> seen.stream().filter(mine).count() >= count, wait).stream().filter(mine)
          .toList();
    }
  }

  static String bootstrap() {
    return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
  }

  /** The authoritative level: {onHand, reserved, available}. */
  static JsonPath level(String location, String product) {
    return given().get("/locations/" + location + "/stock/" + product).then().statusCode(200).extract().jsonPath();
  }

  static boolean isType(Received r, String type) {
    return type.equals(r.header("ce_type"));
  }

  static final String CONFIRMED = EventTypes.RESERVATION_CONFIRMED;
  static final String REJECTED = EventTypes.RESERVATION_REJECTED;
  static final String RELEASED = EventTypes.RESERVATION_RELEASED;
  static final String EXPIRED = EventTypes.RESERVATION_EXPIRED;
}
