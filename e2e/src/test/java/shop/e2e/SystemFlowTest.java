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
 * a cart shows in the cart view with read-your-writes; a checkout becomes a confirmed order and a fulfilled one a sale;
 * a hundred checkouts and a till racing for the last unit: it goes exactly once.
 */
class SystemFlowTest {
  static final String[][] SERVICES = {{"stock-service", "stock_e2e"}, {"cart-service", "cart_e2e"},
      {"projection-service", "projection_e2e"}, {"analytics-service", "analytics_e2e"}};
  static final List<ServiceProcess> RUNNING = new ArrayList<>();
  static String kafka;
  static String stock;
  static String cart;
  static String projection;
  static String analytics;

  @BeforeAll
  static void startTheSystem() {
    kafka = KafkaBrokerResource.bootstrapServers();
    String redis = new RedisServerResource().start().get("quarkus.redis.hosts");
    for (String[] s : SERVICES) {
      Map<String, String> env = new java.util.HashMap<>(TestTokens.serviceEnvironment());
      env.putAll(Map.of("DB_URL", Databases.fresh(s[1]), "KAFKA_BOOTSTRAP_SERVERS", kafka, "REDIS_URL", redis,
          "PROJECTION_STREAM_HEARTBEAT", "1s"));
      RUNNING.add(s[0].equals("analytics-service") ? analyticsInstance(env) : ServiceProcess.start(s[0], env));
    }
    RUNNING.forEach(p -> p.awaitReady(Duration.ofSeconds(120)));
    stock = RUNNING.get(0).url();
    cart = RUNNING.get(1).url();
    projection = RUNNING.get(2).url();
    analytics = RUNNING.get(3).url();
  }

  /**
   * An analytics-service instance that advertises its own address (so the others can proxy activity reads to it) and
   * keeps its Kafka Streams state in a directory of its own.
   */
  static ServiceProcess analyticsInstance(Map<String, String> env) {
    Map<String, String> own = new java.util.HashMap<>(env);
    own.putAll(ServiceProcess.analyticsEnvironment());
    return ServiceProcess.start("analytics-service", own);
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

  @Test
  void shouldTurnACartIntoAConfirmedOrderAndAFulfilledOneIntoASale() {
    String shop = location("Shop checkout e2e");
    String gin = product("Gin e2e", 2900);
    given().auth().oauth2(TestTokens.manager(shop)).contentType(ContentType.JSON).body("{\"onHand\":3}")
        .put(stock + "/locations/" + shop + "/stock/" + gin).then().statusCode(200);
    String shopper = TestTokens.customer("e2e-buyer");
    String cartId = cartWith(shopper, shop, gin, 2);

    // the shopper checks out; the order is confirmed once stock-service held the units
    String orderId = given().auth().oauth2(shopper).post(cart + "/carts/" + cartId + "/checkout").then()
        .statusCode(202).extract().path("orderId");
    Response confirmed = given().auth().oauth2(shopper).get(projection + "/orders/" + orderId + "?minVersion=2");
    confirmed.then().statusCode(200).body("status", equalTo("confirmed"), "lines.name", contains("Gin e2e"),
        "total.amount", equalTo(5800), "history.status", contains("placed", "confirmed"));
    await().atMost(Duration.ofSeconds(20)).until(() -> "checked-out".equals(given().auth().oauth2(shopper)
        .get(projection + "/carts/" + cartId).then().extract().path("status")));
    assertLevel(shop, gin, 3, 2, 1);
    given().auth().oauth2(shopper).get(projection + "/customers/e2e-buyer/orders").then().statusCode(200)
        .body("items.id", contains(orderId));

    // staff of the shop hand the goods over: the reservation becomes a sale, once
    given().auth().oauth2(TestTokens.staff(shop)).header("Idempotency-Key", UUID.randomUUID().toString())
        .post(cart + "/orders/" + orderId + "/fulfil").then().statusCode(200).body("status", equalTo("fulfilled"));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertLevel(shop, gin, 1, 0, 1));
    given().auth().oauth2(TestTokens.staff(shop)).get(stock + "/locations/" + shop + "/sales").then()
        .statusCode(200).body("items.id", contains(orderId), "items.total.amount", contains(5800));
    given().auth().oauth2(shopper).post(cart + "/orders/" + orderId + "/cancel").then().statusCode(409)
        .body("code", equalTo("order-closed"));
  }

  @Test
  void shouldGiveTheLastUnitToOneOfAHundredCheckoutsAndNeverToATillRacingThem() throws Exception {
    String shop = location("Last unit e2e");
    String rum = product("Rum e2e", 3500);
    given().auth().oauth2(TestTokens.manager(shop)).contentType(ContentType.JSON).body("{\"onHand\":1}")
        .put(stock + "/locations/" + shop + "/stock/" + rum).then().statusCode(200);
    List<String[]> buyers = new ArrayList<>(); // {token, cart}
    for (int i = 0; i < 100; i++) {
      String token = TestTokens.customer("e2e-race-" + i);
      buyers.add(new String[]{token, cartWith(token, shop, rum, 1)});
    }

    // 100 checkouts and 5 till sales of the same last unit, all at once
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(32);
    List<java.util.concurrent.Future<String>> checkouts = new ArrayList<>();
    List<java.util.concurrent.Future<Integer>> sales = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String[] b = buyers.get(i);
      checkouts.add(pool.submit(() -> given().auth().oauth2(b[0]).post(cart + "/carts/" + b[1] + "/checkout")
          .then().statusCode(202).extract().<String>path("orderId")));
      if (i % 20 == 0) {
        sales.add(pool.submit(() -> given().auth().oauth2(TestTokens.staff(shop))
            .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(ContentType.JSON)
            .body("{\"items\":[{\"productId\":\"" + rum + "\",\"quantity\":1}]}")
            .post(stock + "/locations/" + shop + "/sales").statusCode()));
      }
    }
    List<String> orders = new ArrayList<>();
    for (java.util.concurrent.Future<String> f : checkouts) {
      orders.add(f.get());
    }
    long soldAtTheTill = 0;
    for (java.util.concurrent.Future<Integer> f : sales) {
      soldAtTheTill += f.get() == 201 ? 1 : 0;
    }
    pool.shutdown();

    // every order ends confirmed or rejected; the unit went exactly once
    Map<String, String> status = new java.util.HashMap<>();
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      for (int i = 0; i < 100; i++) {
        if (!status.containsKey(orders.get(i))) {
          String s = given().auth().oauth2(buyers.get(i)[0]).get(cart + "/orders/" + orders.get(i)).then()
              .statusCode(200).extract().path("status");
          if (!s.equals("placed")) {
            status.put(orders.get(i), s);
          }
        }
      }
      return status.size() == 100;
    });
    long confirmed = status.values().stream().filter("confirmed"::equals).count();
    assertThat(confirmed + soldAtTheTill).as("orders confirmed + till sales of the last unit").isEqualTo(1);
    assertThat(status.values()).filteredOn("rejected"::equals).hasSize((int) (100 - confirmed));
    int rejectedIndex = orders.indexOf(status.entrySet().stream().filter(e -> e.getValue().equals("rejected"))
        .findFirst().orElseThrow().getKey());
    given().auth().oauth2(buyers.get(rejectedIndex)[0]).get(cart + "/carts/" + buyers.get(rejectedIndex)[1]).then()
        .body("status", equalTo("open"), "warnings[0].requested", equalTo(1), "warnings[0].available", equalTo(0));
    assertLevel(shop, rum, 1 - soldAtTheTill, confirmed, 0);

    // conservation through cancellation: the unit comes back to the shelf
    if (confirmed == 1) {
      int winner = orders.indexOf(status.entrySet().stream().filter(e -> e.getValue().equals("confirmed"))
          .findFirst().orElseThrow().getKey());
      given().auth().oauth2(buyers.get(winner)[0]).post(cart + "/orders/" + orders.get(winner) + "/cancel").then()
          .statusCode(200);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertLevel(shop, rum, 1, 0, 1));
    }
  }

  @Test
  void shouldCountSalesAsStockServiceRecordedThemAndAnswerActivityFromEitherInstance() {
    // a shop half an hour off the hour (+5:45): its days cut the UTC hours at a quarter
    String shop = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
        .body("{\"name\":\"Kathmandu e2e\",\"timeZone\":\"Asia/Kathmandu\"}").post(stock + "/locations")
        .then().statusCode(201).extract().path("id");
    String tea = product("Tea e2e", 350);
    String cake = product("Cake e2e", 525);
    for (String p : List.of(tea, cake)) {
      given().auth().oauth2(TestTokens.manager(shop)).contentType(ContentType.JSON).body("{\"onHand\":50}")
          .put(stock + "/locations/" + shop + "/stock/" + p).then().statusCode(200);
    }
    String till = TestTokens.staff(shop);
    List<String> sales = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      sales.add(given().auth().oauth2(till).header("Idempotency-Key", UUID.randomUUID().toString())
          .contentType(ContentType.JSON).body("{\"items\":[{\"productId\":\"" + tea + "\",\"quantity\":" + i
              + "},{\"productId\":\"" + cake + "\",\"quantity\":1}]}")
          .post(stock + "/locations/" + shop + "/sales").then().statusCode(201).extract().path("id"));
    }
    io.restassured.path.json.JsonPath returned = given().auth().oauth2(till)
        .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(ContentType.JSON)
        .body("{\"items\":[{\"productId\":\"" + tea + "\",\"quantity\":2}]}")
        .post(stock + "/locations/" + shop + "/sales/" + sales.get(3) + "/returns").then().statusCode(201)
        .extract().jsonPath();

    // revenue per local day, as stock-service recorded the sales (its own list, each at its createdAt) less the return
    java.time.ZoneId kathmandu = java.time.ZoneId.of("Asia/Kathmandu");
    Map<String, Long> recordedPerDay = new java.util.TreeMap<>();
    io.restassured.path.json.JsonPath recorded = given().auth().oauth2(till)
        .get(stock + "/locations/" + shop + "/sales?size=50").then().statusCode(200).extract().jsonPath();
    for (int i = 0; i < recorded.getList("items").size(); i++) {
      recordedPerDay.merge(java.time.Instant.parse(recorded.getString("items[" + i + "].createdAt")).atZone(kathmandu)
          .toLocalDate().toString(), recorded.getLong("items[" + i + "].total.amount"), Long::sum);
    }
    recordedPerDay.merge(java.time.Instant.parse(returned.getString("createdAt")).atZone(kathmandu).toLocalDate()
        .toString(), -returned.getLong("total.amount"), Long::sum);
    java.time.LocalDate today = java.time.LocalDate.now(kathmandu);
    String daily = analytics + "/analytics/daily?locationId=" + shop + "&from=" + today.minusDays(1) + "&to="
        + today.plusDays(1); // the sales were made within these days, whatever the clock does meanwhile
    String manager = TestTokens.manager(shop);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      io.restassured.path.json.JsonPath days = given().auth().oauth2(manager).get(daily).then().statusCode(200)
          .extract().jsonPath();
      Map<String, Long> perDay = new java.util.TreeMap<>();
      for (int i = 0; i < 3; i++) {
        long revenue = days.getLong("items[" + i + "].revenue.amount");
        if (revenue != 0 || recordedPerDay.containsKey(days.getString("items[" + i + "].date"))) {
          perDay.put(days.getString("items[" + i + "].date"), revenue);
        }
      }
      assertThat(perDay).isEqualTo(recordedPerDay);
      assertThat(days.getList("items.orders", Integer.class).stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(4);
    });
    given().auth().oauth2(manager).get(analytics + "/analytics/top-products?locationId=" + shop + "&from="
        + today.minusDays(1) + "&to=" + today.plusDays(1)).then().statusCode(200)
        .body("items.productId", contains(tea, cake), "items.units", contains(8, 4));

    // live activity, from this instance and from a second one that does not hold every location's minutes
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> given().auth().oauth2(till)
        .get(analytics + "/analytics/locations/" + shop + "/activity").then().extract().statusCode() == 200
        && given().auth().oauth2(till).get(analytics + "/analytics/locations/" + shop + "/activity").then()
            .extract().<Integer>path("salesLastHour") == 4);
    Map<String, String> env = new java.util.HashMap<>(TestTokens.serviceEnvironment());
    env.putAll(Map.of("DB_URL", "postgresql://" + Databases.HOST + ":" + Databases.PORT + "/analytics_e2e",
        "KAFKA_BOOTSTRAP_SERVERS", kafka));
    try (ServiceProcess second = analyticsInstance(env)) {
      second.awaitReady(Duration.ofSeconds(120));
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        for (String instance : List.of(analytics, second.url())) {
          given().auth().oauth2(till).get(instance + "/analytics/locations/" + shop + "/activity").then()
              .statusCode(200).body("salesLastHour", equalTo(4)); // the last 5 minutes may have passed by now
        }
        double proxied = Metrics.value(given().get(analytics + "/q/metrics").then().extract().asString(),
            "analytics_activity_reads_total{where=\"proxied\"}")
            + Metrics.value(given().get(second.url()
                + "/q/metrics").then().extract().asString(), "analytics_activity_reads_total{where=\"proxied\"}");
        assertThat(proxied).as("reads answered by the instance holding the location").isPositive();
      });
    }
  }

  /** A cart of the token's customer at {@code location} with {@code quantity} of {@code product}; its id. */
  private static String cartWith(String token, String location, String product, int quantity) {
    String cartId = given().auth().oauth2(token).contentType(ContentType.JSON)
        .body("{\"locationId\":\"" + location + "\",\"currency\":\"EUR\"}").post(cart + "/carts").then()
        .statusCode(201).extract().path("id");
    // the product reaches cart-service's catalogue through product-events
    await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
        .body("{\"productId\":\"" + product + "\",\"quantity\":" + quantity + "}")
        .post(cart + "/carts/" + cartId + "/items").statusCode() == 200);
    return cartId;
  }

  /** The authoritative level at stock-service. */
  private static void assertLevel(String location, String product, long onHand, long reserved, long available) {
    io.restassured.path.json.JsonPath level = given().auth().oauth2(TestTokens.manager(location))
        .get(stock + "/locations/" + location + "/stock/" + product).then().statusCode(200).extract().jsonPath();
    assertThat(List.of(level.getLong("onHand"), level.getLong("reserved"), level.getLong("available")))
        .as("onHand, reserved, available").containsExactly(onHand, reserved, available);
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
