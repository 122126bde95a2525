package shop.cart;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import shop.events.EventCatalog;
import shop.events.ReservationEvent;
import shop.events.ReservedLine;
import shop.events.StockShortfall;
import shop.events.Topics;
import shop.platform.Json;
import shop.testsupport.CloudEventProducer;
import shop.testsupport.KafkaTopicReader;
import shop.testsupport.KafkaTopicReader.Received;

/** Test helper: checkouts and orders over HTTP, and stock-service's part played on the real broker. */
final class Orders {
  private final Json json;

  Orders(Json json) {
    this.json = json;
  }

  static Response checkout(String cartId) {
    return given().post("/carts/" + cartId + "/checkout");
  }

  /** Checks the cart out; the order id. */
  static String placeOrder(String cartId) {
    return checkout(cartId).then().statusCode(202).extract().path("orderId");
  }

  static JsonPath order(String orderId) {
    return given().get("/orders/" + orderId).then().statusCode(200).extract().jsonPath();
  }

  static JsonPath cart(String cartId) {
    return given().get("/carts/" + cartId).then().statusCode(200).extract().jsonPath();
  }

  /** stock-service held every line. */
  void reserved(String orderId) {
    publish(new ReservationEvent.Confirmed(orderId, "shop-north", List.of(new ReservedLine("any", 1)),
        Instant.now().plusSeconds(600)));
  }

  /** stock-service could not hold these lines. */
  void refused(String orderId, String reason, StockShortfall... shortfalls) {
    publish(new ReservationEvent.Rejected(orderId, "shop-north", reason, List.of(shortfalls)));
  }

  void expired(String orderId) {
    publish(new ReservationEvent.Expired(orderId, "shop-north", List.of(), Instant.now()));
  }

  void publish(ReservationEvent e) {
    CloudEventProducer.publish(Topics.RESERVATION_EVENTS, e.orderId(), EventCatalog.typeOf(e), json.write(e));
  }

  /** The order-events records of an order once there are {@code count}, or what there is after {@code wait}. */
  static List<Received> orderEvents(String orderId, int count, Duration wait) {
    Predicate<Received> mine = r -> orderId.equals(r.key());
    try (KafkaTopicReader reader = new KafkaTopicReader(
        ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), Topics.ORDER_EVENTS)) {
      return reader.pollUntil(seen -> seen.stream().filter(mine).count() >= count, wait).stream().filter(mine)
          .toList();
    }
  }
}
