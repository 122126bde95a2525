package shop.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.KafkaTopicReader;
import shop.testsupport.KafkaTopicReader.Received;
import shop.testsupport.Metrics;
import shop.testsupport.RedisServerResource;
import shop.testsupport.TestTokens;

/**
 * The system end to end: stock-service, cart-service and projection-service run as their packaged apps (separate
 * JVMs), on a real Kafka broker, PostgreSQL (fresh databases) and Redis, and talk only through Kafka. A POS sale
 * reaches the stock view and an SSE subscriber, and its events delivered twice change nothing more; an item added to
 * a cart shows in the cart view with read-your-writes.
 */
class SystemFlowTest {
  static final String[][] SERVICES = {{"stock-service", "stock_e2e"}, {"cart-service", "cart_e2e"},
      {"projection-service", "projection_e2e"}};
  static final List<ServiceProcess> RUNNING = new ArrayList<>();
  static String kafka;
  static String stock;
  static String cart;
  static String projection;

  @BeforeAll
  static void startTheSystem() {
    kafka = KafkaBrokerResource.bootstrapServers();
    String redis = new RedisServerResource().start().get("quarkus.redis.hosts");
    for (String[] s : SERVICES) {
      Map<String, String> env = new java.util.HashMap<>(TestTokens.serviceEnvironment());
      env.putAll(Map.of("DB_URL", Databases.fresh(s[1]), "KAFKA_BOOTSTRAP_SERVERS", kafka, "REDIS_URL", redis,
          "PROJECTION_STREAM_HEARTBEAT", "1s"));
      RUNNING.add(ServiceProcess.start(s[0], env));
    }
    RUNNING.forEach(p -> p.awaitReady(Duration.ofSeconds(120)));
    stock = RUNNING.get(0).url();
    cart = RUNNING.get(1).url();
    projection = RUNNING.get(2).url();
  }

  @AfterAll
  static void stopTheSystem() {
    RUNNING.forEach(ServiceProcess::close);
  }

  @Test
  void shouldShowAPosSaleInTheStockViewAndPushItToSubscribers() {
    String bar = location("Bar e2e");
    String pils = product("Pils e2e", 450);
    // a manager counts the shelf, a till of the bar sells; storefronts read availability without a token
    given().auth().oauth2(TestTokens.manager(bar)).contentType(ContentType.JSON).body("{\"onHand\":3}")
        .put(stock + "/locations/" + bar + "/stock/" + pils)
        .then().statusCode(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> available(bar, pils) == 3);

    Sse stream = Sse.open(projection + "/locations/" + bar + "/stock/stream");
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> stream.lines.stream().anyMatch(l -> l.startsWith(":")));
      given().auth().oauth2(TestTokens.staff(bar)).header("Idempotency-Key", UUID.randomUUID().toString())
          .contentType(ContentType.JSON).body("{\"items\":[{\"productId\":\"" + pils + "\",\"quantity\":1}]}")
          .post(stock + "/locations/" + bar + "/sales").then().statusCode(201);
      await().atMost(Duration.ofSeconds(10)).until(() -> stream.lines.stream().anyMatch(l -> l.startsWith("data:")
          && l.contains("\"productId\":\"" + pils + "\"") && l.contains("\"available\":2")));
    } finally {
      stream.close();
    }
    assertThat(available(bar, pils)).isEqualTo(2);
    given().get(projection + "/products/" + pils).then().statusCode(200)
        .body("name", equalTo("Pils e2e"), "stock.available", contains(2));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get(projection + "/products?q=pils")
        .then().statusCode(200).body("items.id", contains(pils), "items.popularity", contains(1)));

    // the sale's events delivered a second time (as a producer retry or a replay would): one effect
    List<Received> published;
    try (KafkaTopicReader reader = new KafkaTopicReader(kafka, "stock-events", "sale-events")) {
      published = reader.pollUntil(seen -> seen.stream().filter(r -> r.value().contains(pils)).count() >= 3,
          Duration.ofSeconds(20)).stream().filter(r -> r.value().contains(pils)).toList();
    }
    double stockDuplicates = metric("projection_stock_events_total{outcome=\"duplicate\"}");
    double saleDuplicates = metric("projection_popularity_events_total{outcome=\"duplicate\"}");
    redeliver(published);
    await().atMost(Duration.ofSeconds(20))
        .until(() -> metric("projection_stock_events_total{outcome=\"duplicate\"}") >= stockDuplicates + 2
            && metric("projection_popularity_events_total{outcome=\"duplicate\"}") >= saleDuplicates + 1);
    assertThat(available(bar, pils)).isEqualTo(2);
    given().get(projection + "/products?q=pils").then().body("items.popularity", contains(1));
  }

  /** Sends the records again, headers (CloudEvent id, type, sequence, time) and all. */
  private static void redeliver(List<Received> records) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
        new StringSerializer())) {
      for (Received r : records) {
        ProducerRecord<String, String> again = new ProducerRecord<>(r.topic(), r.key(), r.value());
        r.headers().forEach((k, v) -> again.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(again);
      }
      producer.flush();
    }
  }

  private static double metric(String series) {
    return Metrics.value(given().get(projection + "/q/metrics").then().extract().asString(), series);
  }

  @Test
  void shouldShowAnAddedItemInTheCartViewWithReadYourWrites() {
    String bar = location("Shop e2e");
    String wine = product("Wine e2e", 700);
    String shopper = TestTokens.customer("e2e");
    Response created = given().auth().oauth2(shopper).contentType(ContentType.JSON)
        .body("{\"locationId\":\"" + bar + "\",\"currency\":\"EUR\"}").post(cart + "/carts");
    created.then().statusCode(201).body("ownerId", equalTo("e2e"));
    String cartId = created.path("id");
    // the price reaches cart-service's catalogue through product-events
    int[] version = new int[1];
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      Response added = given().auth().oauth2(shopper).contentType(ContentType.JSON)
          .body("{\"productId\":\"" + wine + "\",\"quantity\":2}").post(cart + "/carts/" + cartId + "/items");
      version[0] = added.statusCode() == 200 ? added.path("version") : 0;
      return added.statusCode() == 200;
    });

    Response view = given().auth().oauth2(shopper).get(projection + "/carts/" + cartId + "?minVersion=" + version[0]);
    view.then().statusCode(200).body("version", equalTo(version[0]), "lines.name", contains("Wine e2e"),
        "lines.quantity", contains(2), "itemCount", equalTo(2), "total.amount", equalTo(1400));
    assertThat(view.header("Read-Model-Stale")).isNull();
  }

  private static String location(String name) {
    return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\"}").post(stock + "/locations")
        .then().statusCode(201).extract().path("id");
  }

  private static String product(String name, long price) {
    return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
        .body("{\"sku\":\"sku-" + UUID.randomUUID() + "\",\"name\":\"" + name
            + "\",\"category\":\"e2e\",\"price\":{\"amount\":" + price + ",\"currency\":\"EUR\"}}")
        .post(stock + "/products").then().statusCode(201).extract().path("id");
  }

  private static long available(String location, String product) {
    List<Number> values = given().get(projection + "/locations/" + location + "/stock").then().statusCode(200)
        .extract().jsonPath().getList("findAll { it.productId == '" + product + "' }.available");
    return values.isEmpty() ? -1 : values.get(0).longValue();
  }

  /** A Server-Sent Events subscription: the lines received so far. */
  static final class Sse {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    final List<String> lines = new CopyOnWriteArrayList<>();
    final CompletableFuture<HttpResponse<Stream<String>>> response;

    private Sse(CompletableFuture<HttpResponse<Stream<String>>> response) {
      this.response = response;
      response.thenAcceptAsync(r -> r.body().forEach(lines::add));
    }

    static Sse open(String url) {
      return new Sse(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
          .build(), HttpResponse.BodyHandlers.ofLines()));
    }

    void close() {
      response.thenAccept(r -> r.body().close());
      response.cancel(true);
    }
  }
}
