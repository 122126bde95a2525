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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

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
 * a hundred checkouts and a till racing for the last unit: it goes exactly once. The services trace as in production,
 * into a Zipkin server (the local stack's trace viewer): one trace follows a sale from its request into the projection.
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
  static Zipkin zipkin;

  @BeforeAll
  static void startTheSystem() {
    kafka = KafkaBrokerResource.bootstrapServers();
    String redis = new RedisServerResource().start().get("quarkus.redis.hosts");
    zipkin = Zipkin.start();
    for (String[] s : SERVICES) {
      Map<String, String> env = new java.util.HashMap<>(TestTokens.serviceEnvironment());
      env.putAll(Map.of("DB_URL", Databases.fresh(s[1]), "KAFKA_BOOTSTRAP_SERVERS", kafka, "REDIS_URL", redis,
          "PROJECTION_STREAM_HEARTBEAT", "1s"));
      // tracing on, into Zipkin, as deploy/local/stack.sh up --observe starts them (spans sent every 100 ms)
      env.putAll(Map.of("QUARKUS_OTEL_SDK_DISABLED", "false", "SHOP_TRACING_ZIPKIN_ENDPOINT", zipkin.spansEndpoint(),
          "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms"));
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
    zipkin.close();
  }

  @Test
  void shouldFollowASaleInOneTraceFromItsRequestThroughKafkaIntoTheProjection() {
    String bar = location("Bar traced");
    String kriek = product("Kriek traced", 450);
    countShelf(stock, bar, kriek, 3);

    // a till's sale, sent inside a trace of its own (as a gateway or a till's own tracing would)
    String traceId = UUID.randomUUID().toString().replace("-", "");
    given().auth().oauth2(TestTokens.staff(bar)).header("Idempotency-Key", UUID.randomUUID().toString())
        .header("traceparent", "00-" + traceId + "-" + traceId.substring(0, 16) + "-01").contentType(ContentType.JSON)
        .body("{\"items\":[{\"productId\":\"" + kriek + "\",\"quantity\":1}]}")
        .post(stock + "/locations/" + bar + "/sales").then().statusCode(201);

    // one trace in Zipkin: stock-service's request and the relay's publication, then projection-service consuming
    // the sale's events (the stock view, the sale into the popularity)
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(zipkin.trace(traceId))
        .extracting(span -> ((Map<?, ?>) span.get("localEndpoint")).get("serviceName") + " " + span.get("kind"))
        .contains("stock-service SERVER", "stock-service PRODUCER", "projection-service CONSUMER"));
  }

  @Test
  void shouldShowAPosSaleInTheStockViewAndPushItToSubscribers() {
    String bar = location("Bar e2e");
    String pils = product("Pils e2e", 450);
    // a manager counts the shelf, a till of the bar sells; storefronts read availability without a token
    countShelf(stock, bar, pils, 3);

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
  void shouldGiveTheLastUnitToExactlyOneOfAHundredCheckoutsAndKeepItThroughCancelAndFulfil() throws Exception {
    // given a last bottle of rum and 100 shoppers holding it in their carts
    String shop = location("Last unit e2e");
    String rum = product("Rum e2e", 3500);
    countShelf(stock, shop, rum, 1);
    List<String[]> buyers = buyers("e2e-last-", 100, shop, rum);

    // when all 100 check out at once
    List<String> orders = checkOutAll(buyers, shop, rum, 0).orders();
    Map<String, String> status = settled(buyers, orders);

    // then exactly one order holds the bottle; the 99 others are rejected and their carts open with the shortfall
    List<Integer> confirmed = indexesOf(orders, status, "confirmed");
    assertThat(confirmed).as("orders confirmed").hasSize(1);
    assertThat(indexesOf(orders, status, "rejected")).hasSize(99).allSatisfy(i -> given().auth()
        .oauth2(buyers.get(i)[0]).get(cart + "/carts/" + buyers.get(i)[1]).then().body("status", equalTo("open"),
            "warnings[0].productId", equalTo(rum), "warnings[0].requested", equalTo(1),
            "warnings[0].available", equalTo(0)));
    assertLevel(shop, rum, 1, 1, 0);

    // when the winner cancels, the bottle is back on the shelf
    String[] winner = buyers.get(confirmed.get(0));
    given().auth().oauth2(winner[0]).post(cart + "/orders/" + orders.get(confirmed.get(0)) + "/cancel").then()
        .statusCode(200);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertLevel(shop, rum, 1, 0, 1));

    // when one of the rejected shoppers checks out again and the bar hands the bottle over
    int second = indexesOf(orders, status, "rejected").get(0);
    String[] buyer = buyers.get(second);
    String order = given().auth().oauth2(buyer[0]).post(cart + "/carts/" + buyer[1] + "/checkout").then()
        .statusCode(202).extract().path("orderId");
    await().atMost(Duration.ofSeconds(30)).until(() -> "confirmed".equals(given().auth().oauth2(buyer[0])
        .get(cart + "/orders/" + order).then().extract().path("status")));
    assertLevel(shop, rum, 1, 1, 0);
    given().auth().oauth2(TestTokens.staff(shop)).post(cart + "/orders/" + order + "/fulfil").then().statusCode(200);

    // then the bottle is sold once: off the shelf, nothing held, one sale of that order
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertLevel(shop, rum, 0, 0, 0));
    given().auth().oauth2(TestTokens.manager(shop)).get(stock + "/locations/" + shop + "/sales").then()
        .statusCode(200).body("total", equalTo(1), "items[0].id", equalTo(order));
  }

  @Test
  void shouldNeverSellTheLastUnitTwiceWhenTillsRaceCheckouts() throws Exception {
    // given a last bottle of gin and 100 shoppers holding it
    String shop = location("Till race e2e");
    String gin = product("Gin e2e", 3900);
    countShelf(stock, shop, gin, 1);
    List<String[]> buyers = buyers("e2e-race-", 100, shop, gin);

    // when 100 checkouts and 5 till sales of it go at once
    Race race = checkOutAll(buyers, shop, gin, 5);
    Map<String, String> status = settled(buyers, race.orders());

    // then it went once, to a till or to an order; never oversold, never negative
    long confirmed = indexesOf(race.orders(), status, "confirmed").size();
    assertThat(confirmed + race.soldAtTheTill()).as("orders confirmed + till sales of the last unit").isEqualTo(1);
    assertThat(indexesOf(race.orders(), status, "rejected")).hasSize((int) (100 - confirmed));
    assertLevel(shop, gin, 1 - race.soldAtTheTill(), confirmed, 0);
  }

  private static List<String[]> buyers(String prefix, int count, String shop, String product) {
    List<String[]> buyers = new ArrayList<>(); // {token, cart}
    for (int i = 0; i < count; i++) {
      String token = TestTokens.customer(prefix + i);
      buyers.add(new String[]{token, cartWith(token, shop, product, 1)});
    }
    return buyers;
  }

  record Race(List<String> orders, long soldAtTheTill) {
  }

  /** Every buyer checks out at once, with {@code tills} till sales of one unit of the product among them. */
  private static Race checkOutAll(List<String[]> buyers, String shop, String product, int tills) throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(32);
    List<java.util.concurrent.Future<String>> checkouts = new ArrayList<>();
    List<java.util.concurrent.Future<Integer>> sales = new ArrayList<>();
    int every = tills == 0 ? 0 : buyers.size() / tills;
    for (int i = 0; i < buyers.size(); i++) {
      String[] b = buyers.get(i);
      checkouts.add(pool.submit(() -> given().auth().oauth2(b[0]).post(cart + "/carts/" + b[1] + "/checkout")
          .then().statusCode(202).extract().<String>path("orderId")));
      if (every > 0 && i % every == 0) {
        sales.add(pool.submit(() -> given().auth().oauth2(TestTokens.staff(shop))
            .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(ContentType.JSON)
            .body("{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}")
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
    return new Race(orders, soldAtTheTill);
  }

  /** Each order's status once none is still placed (orders are in the buyers' order). */
  private static Map<String, String> settled(List<String[]> buyers, List<String> orders) {
    Map<String, String> status = new java.util.HashMap<>();
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      for (int i = 0; i < orders.size(); i++) {
        if (!status.containsKey(orders.get(i))) {
          String s = given().auth().oauth2(buyers.get(i)[0]).get(cart + "/orders/" + orders.get(i)).then()
              .statusCode(200).extract().path("status");
          if (!s.equals("placed")) {
            status.put(orders.get(i), s);
          }
        }
      }
      return status.size() == orders.size();
    });
    return status;
  }

  private static List<Integer> indexesOf(List<String> orders, Map<String, String> status, String wanted) {
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      if (wanted.equals(status.get(orders.get(i)))) {
        found.add(i);
      }
    }
    return found;
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

  /**
   * A manager of the location counts {@code onHand} units of the product, through {@code base} (stock-service or the
   * gateway); returns once the projection shows them.
   */
  private static void countShelf(String base, String location, String product, long onHand) {
    given().auth().oauth2(TestTokens.manager(location)).contentType(ContentType.JSON)
        .body("{\"onHand\":" + onHand + "}").put(base + "/locations/" + location + "/stock/" + product)
        .then().statusCode(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> available(location, product) == onHand);
  }

  private static long available(String location, String product) {
    List<Number> values = given().get(projection + "/locations/" + location + "/stock").then().statusCode(200)
        .extract().jsonPath().getList("findAll { it.productId == '" + product + "' }.available");
    return values.isEmpty() ? -1 : values.get(0).longValue();
  }

  /**
   * The gateway (deploy/gateway: nginx rendered from the routing table) in front of the running services: every row of
   * the table reaches its service, and what the gateway refuses itself is problem+json.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class ThroughTheGateway {
    static final String STOREFRONT = "http://localhost:5173";
    static final int RATE = 50;
    static final int BURST = 60;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Gateway gateway;
    Map<String, String> upstreams;

    @BeforeAll
    void startTheGateway() {
      upstreams = Map.of("stock-service", stock.substring(7), "cart-service", cart.substring(7),
          "projection-service", projection.substring(7), "analytics-service", analytics.substring(7));
      gateway = Gateway.start(upstreams, STOREFRONT, RATE, BURST);
    }

    @AfterAll
    void stopTheGateway() {
      gateway.close();
    }

    @Test
    @Order(1)
    void shouldSendEveryRouteOfTheTableToItsService() throws Exception {
      List<Gateway.Example> rows = Gateway.examples();
      assertThat(rows).hasSizeGreaterThan(30);
      for (int i = 0; i < rows.size(); i++) {
        Gateway.Example row = rows.get(i);
        String id = "route-" + i;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + row.path()))
            .timeout(Duration.ofSeconds(10)).header("X-Request-Id", id);
        boolean body = row.method().equals("POST") || row.method().equals("PUT");
        request.method(row.method(), body
            ? HttpRequest.BodyPublishers.ofString("{}")
            : HttpRequest.BodyPublishers.noBody());
        if (body) {
          request.header("Content-Type", "application/json");
        }
        HttpResponse<?> response = row.stream()
            ? http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS)
            : http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (row.stream()) {
          ((Stream<?>) response.body()).close();
        }
        assertThat(response.headers().firstValue("X-Routed-To")).as(row + " routed").contains(row.service());
        assertThat(response.headers().firstValue("X-Request-Id")).as(row + " request id").contains(id);
        assertThat(response.statusCode()).as(row + " answered by the service").isNotIn(502, 503, 504);
        // the access log names the upstream that answered: the service's own address
        String upstream = upstreams.get(row.service());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(gateway.accessLog())
            .as(row + " in the access log").anyMatch(l -> l.contains("request_id=" + id + " ")
                && l.endsWith("upstream=" + upstream)));
      }
    }

    @Test
    @Order(2)
    void shouldAnswerAnUnknownRouteWith404ProblemJson() throws Exception {
      for (String[] methodPath : List.of(new String[]{"GET", "/nowhere"}, new String[]{"DELETE", "/products"},
          new String[]{"GET", "/q/metrics"}, new String[]{"POST", "/carts/x/history"},
          new String[]{"GET", "/carts/x%2Fhistory"}, new String[]{"GET", "/carts/x%3Fversion=1"})) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + methodPath[1]))
            .method(methodPath[0], HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(String.join(" ", methodPath)).isEqualTo(404);
        assertProblem(response, "not-found");
        assertThat(response.headers().firstValue("X-Routed-To")).isEmpty();
      }
    }

    @Test
    @Order(3)
    void shouldKeepAPlainRequestIdAndMakeOneOtherwise() throws Exception {
      HttpResponse<String> kept = get("/products", Map.of("X-Request-Id", "pos-7:till-2.42"));
      assertThat(kept.headers().firstValue("X-Request-Id")).contains("pos-7:till-2.42");
      HttpResponse<String> made = get("/products", Map.of());
      assertThat(made.headers().firstValue("X-Request-Id"))
          .hasValueSatisfying(v -> assertThat(v).matches("[0-9a-f]{32}"));
      HttpResponse<String> replaced = get("/products", Map.of("X-Request-Id", "x".repeat(200)));
      assertThat(replaced.headers().firstValue("X-Request-Id"))
          .hasValueSatisfying(v -> assertThat(v).matches("[0-9a-f]{32}"));
    }

    @Test
    @Order(4)
    void shouldAllowTheStorefrontOriginsOnly() throws Exception {
      HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/carts"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", STOREFRONT)
          .header("Access-Control-Request-Method", "POST")
          .header("Access-Control-Request-Headers", "authorization, content-type, idempotency-key").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(allowed.statusCode()).isEqualTo(204);
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(STOREFRONT);
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers"))
          .hasValueSatisfying(v -> assertThat(v).contains("Authorization", "Idempotency-Key", "Cart-Token"));
      HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/carts"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
          .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(403);
      assertProblem(refused, "forbidden");
      assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
      // the actual requests: the allowed origin is named, with what a script may read; another is not
      HttpResponse<String> read = get("/products", Map.of("Origin", STOREFRONT));
      assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).contains(STOREFRONT);
      assertThat(read.headers().firstValue("Access-Control-Expose-Headers"))
          .hasValueSatisfying(v -> assertThat(v).contains("ETag", "X-Request-Id", "Cart-Token", "Location"));
      assertThat(get("/products", Map.of("Origin", "https://evil.example")).headers()
          .firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    @Order(5)
    void shouldRefuseAnOversizedBodyBeforeItReachesTheService() throws Exception {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/carts"))
          .header("Content-Type", "application/json").header("X-Request-Id", "too-large-1")
          .POST(HttpRequest.BodyPublishers.ofString("{\"locationId\":\"" + "x".repeat(100_000) + "\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(413);
      assertProblem(response, "body-too-large");
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(gateway.accessLog())
          .anyMatch(l -> l.contains("request_id=too-large-1 ") && l.endsWith("upstream=-")));
    }

    @Test
    @Order(6)
    void shouldRefuseHeadersOverTheServicesLimitAsProblemJson() throws Exception {
      HttpResponse<String> response = get("/products", Map.of("X-Padding", "x".repeat(20_000)));
      assertThat(response.statusCode()).isEqualTo(431);
      assertProblem(response, "headers-too-large");
    }

    @Test
    @Order(6)
    void shouldAnswerACreatedCartWithTheLocationTheApiPromises() throws Exception {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/carts"))
          .header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + TestTokens.customer("gateway-shopper"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"locationId\":\"shop-gateway\",\"currency\":\"EUR\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(201);
      String id = new io.restassured.path.json.JsonPath(response.body()).getString("id");
      assertThat(response.headers().firstValue("Location")).contains("/carts/" + id);
    }

    @Test
    @Order(6)
    void shouldStreamStockChangesThroughTheGatewayUnbuffered() {
      String bar = location("Bar gateway");
      String gin = product("Gin gateway", 700);
      countShelf(gateway.url(), bar, gin, 5);
      Sse stream = Sse.open(gateway.url() + "/locations/" + bar + "/stock/stream");
      try {
        // the heartbeat comes through at once: nothing holds the stream back
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.lines.stream().anyMatch(l -> l.startsWith(":")));
        given().auth().oauth2(TestTokens.staff(bar)).header("Idempotency-Key", UUID.randomUUID().toString())
            .contentType(ContentType.JSON).body("{\"items\":[{\"productId\":\"" + gin + "\",\"quantity\":2}]}")
            .post(gateway.url() + "/locations/" + bar + "/sales").then().statusCode(201)
            .header("X-Routed-To", "stock-service");
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.lines.stream().anyMatch(l -> l.startsWith("data:")
            && l.contains("\"productId\":\"" + gin + "\"") && l.contains("\"available\":3")));
      } finally {
        stream.close();
      }
    }

    @Test
    @Order(7)
    void shouldServeHttp2OverTlsWithItsCertificate() throws Exception {
      HttpClient tls = HttpClient.newBuilder().sslContext(gateway.trustingItsCertificate())
          .version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> response = tls.send(HttpRequest.newBuilder(URI.create(gateway.tlsUrl() + "/products"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(response.headers().firstValue("X-Routed-To")).contains("projection-service");
    }

    @Test
    @Order(9) // last: it spends this client's allowance
    void shouldRefuseABurstOverTheClientsRateWith429() throws Exception {
      List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
      for (int i = 0; i < 4 * BURST; i++) {
        burst.add(http.sendAsync(HttpRequest.newBuilder(URI.create(gateway.url() + "/products")).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      List<HttpResponse<String>> answers = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> f : burst) {
        answers.add(f.get(30, TimeUnit.SECONDS));
      }
      List<HttpResponse<String>> limited = answers.stream().filter(r -> r.statusCode() == 429).toList();
      assertThat(limited).as("refused over the rate").isNotEmpty();
      assertThat(answers.stream().filter(r -> r.statusCode() == 200).count()).as("served within the burst")
          .isGreaterThanOrEqualTo(BURST / 2);
      assertThat(answers).allMatch(r -> r.statusCode() == 200 || r.statusCode() == 429);
      assertProblem(limited.get(0), "rate-limited");
      assertThat(limited.get(0).headers().firstValue("Retry-After")).isPresent();
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + path));
      headers.forEach(request::header);
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertProblem(HttpResponse<String> response, String code) {
      assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
      io.restassured.path.json.JsonPath problem = new io.restassured.path.json.JsonPath(response.body());
      assertThat(problem.getString("code")).isEqualTo(code);
      assertThat(problem.getInt("status")).isEqualTo(response.statusCode());
      assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }
  }

  /** Every metric the alert rules and dashboards of deploy/observability read is one the running services expose. */
  @Nested
  class TheAlertsAndDashboards {
    final Path observability = ServiceProcess.ROOT.resolve("deploy/observability");

    @Test
    void shouldReadOnlyMetricsTheServicesExpose() throws Exception {
      // what a working day does, so that every series exists: a sale, a cart command refused for a stale version,
      // a cart view read, a live stock subscriber, an activity read
      String bar = location("Bar observed");
      String tonic = product("Tonic observed", 300);
      countShelf(stock, bar, tonic, 5); // a location the projection knows
      Sse stream = Sse.open(projection + "/locations/" + bar + "/stock/stream");
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.lines.stream().anyMatch(l -> l.startsWith(":")));
        given().auth().oauth2(TestTokens.staff(bar)).header("Idempotency-Key", UUID.randomUUID().toString())
            .contentType(ContentType.JSON).body("{\"items\":[{\"productId\":\"" + tonic + "\",\"quantity\":1}]}")
            .post(stock + "/locations/" + bar + "/sales").then().statusCode(201);
        String shopper = TestTokens.customer("observed-shopper");
        String cartId = cartWith(shopper, bar, tonic, 1);
        given().auth().oauth2(shopper).header("If-Match", "\"0\"").contentType(ContentType.JSON)
            .body("{\"productId\":\"" + tonic + "\",\"quantity\":1}").post(cart + "/carts/" + cartId + "/items")
            .then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400));
        given().auth().oauth2(shopper).get(projection + "/carts/" + cartId + "?minVersion=2").then().statusCode(200);
        // an activity read answered (after the second instance of an earlier test left, the partitions it held may
        // take a while to come back: any answer of the holder counts)
        await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(TestTokens.staff(bar))
            .get(analytics + "/analytics/locations/" + bar + "/activity").statusCode() == 200);
      } finally {
        stream.close();
      }
      // a record no consumer can read goes to the dead-letter topic, as it would in production: the DLQ series appear
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
          new StringSerializer())) {
        producer.send(new ProducerRecord<>("product-events", "observability-unreadable", "not a CloudEvent")).get();
      }
      await().atMost(Duration.ofSeconds(30))
          .until(() -> given().get(projection + "/q/metrics").then().extract().asString()
              .contains("dead_letters_total{"));
      Set<String> exposed = new TreeSet<>();
      for (String service : List.of(stock, cart, projection, analytics)) {
        given().get(service + "/q/metrics").then().statusCode(200).extract().asString().lines()
            .filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split("[{ ]", 2)[0]).forEach(exposed::add);
      }
      List<String> files = new ArrayList<>(List.of("python3", observability.resolve("dashboards.py").toString(),
          "metrics", observability.resolve("rules.yml").toString()));
      try (Stream<Path> dashboards = Files.list(observability.resolve("dashboards"))) {
        dashboards.map(Path::toString).sorted().forEach(files::add);
      }
      List<String> read = Gateway.run(files).lines().toList();
      assertThat(read).as("metrics the rules and dashboards read").hasSizeGreaterThan(20);
      assertThat(exposed).as("metrics the services expose").containsAll(read);
      // a stock stream lasts as long as its subscriber: not a request latency (nor a raw path in the uri tag)
      assertThat(given().get(projection + "/q/metrics").then().extract().asString())
          .doesNotContain("/stock/stream").doesNotContain("/locations/" + bar);
    }
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
