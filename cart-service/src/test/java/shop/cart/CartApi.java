package shop.cart;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import shop.events.EventTypes;
import shop.events.Topics;
import shop.testsupport.CloudEventProducer;

/** Test helper: the cart API over real HTTP, and product events published to the real Kafka broker. */
public final class CartApi {
  private static final AtomicInteger SEQ = new AtomicInteger();

  private CartApi() {
  }

  public static String unique(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Publishes a product event as stock-service does (binary CloudEvent, key = productId). */
  public static void publishProduct(String productId, String name, long price, boolean active, long version) {
    String type = version == 1 ? EventTypes.PRODUCT_CREATED : EventTypes.PRODUCT_UPDATED;
    String payload = "{\"productId\":\"" + productId + "\",\"sku\":\"sku-" + productId + "\",\"name\":\"" + name
        + "\",\"category\":\"beer\",\"price\":{\"amount\":" + price + ",\"currency\":\"EUR\"},\"active\":" + active
        + ",\"version\":" + version + "}";
    publish(Topics.PRODUCT_EVENTS, productId, type, payload);
  }

  public static void publish(String topic, String key, String type, String payload) {
    CloudEventProducer.publish(topic, key, type, payload);
  }

  /** A product the cart catalogue knows (published, then awaited through the consumer). */
  public static String product(long price) {
    String id = unique("p");
    publishProduct(id, "Product " + id, price, true, 1);
    awaitCatalogue(id, price);
    return id;
  }

  public static void awaitCatalogue(String productId, long price) {
    // a guest cart that adds the product succeeds only once the catalogue has it at that price
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
      String cart = createCart(null);
      Response r = given().contentType(ContentType.JSON).body(item(productId, 1)).post("/carts/" + cart + "/items");
      return r.statusCode() == 200 && r.jsonPath().getLong("lines[0].unitPrice.amount") == price;
    });
  }

  public static String createCart(String ownerId) {
    String owner = ownerId == null ? "" : "\"ownerId\":\"" + ownerId + "\",";
    return given().contentType(ContentType.JSON)
        .body("{" + owner + "\"locationId\":\"shop-north\",\"currency\":\"EUR\"}")
        .post("/carts").then().statusCode(201).extract().path("id");
  }

  public static String item(String productId, long quantity) {
    return "{\"productId\":\"" + productId + "\",\"quantity\":" + quantity + "}";
  }

  public static Response add(String cartId, String productId, long quantity) {
    return given().contentType(ContentType.JSON).body(item(productId, quantity)).post("/carts/" + cartId + "/items");
  }

}
