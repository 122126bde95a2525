package shop.stock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import shop.events.EventTypes;
import shop.events.StockKey;
import shop.events.Topics;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.KafkaTopicReader;
import shop.testsupport.KafkaTopicReader.Received;
import shop.testsupport.PostgresDatabaseResource;

/** The stock-service contract of ../shared/API.md, path by path, and the events each command publishes. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class StockApiFlowTest {

  @Test
  void shouldEchoAPlainRequestIdOnEveryAnswer() {
    // given a client's request id, when it asks (found, refused or not found), then the answer carries it back
    String beer = StockApi.createProduct(450);
    given().header("X-Request-Id", "pos-7:till-2.42").get("/products/" + beer).then().statusCode(200)
        .header("X-Request-Id", "pos-7:till-2.42");
    given().header("X-Request-Id", "pos-7:till-2.43").get("/products/no-such-product").then().statusCode(404)
        .header("X-Request-Id", "pos-7:till-2.43");
    given().header("X-Request-Id", "pos-7:till-2.44").contentType(ContentType.JSON).body("{").post("/products")
        .then().statusCode(400).header("X-Request-Id", "pos-7:till-2.44");
    // and one that is not a plain id is not repeated
    given().header("X-Request-Id", "a b <c>").get("/products/" + beer).then().statusCode(200)
        .header("X-Request-Id", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void shouldCreateUpdateAndPublishProducts() {
    String sku = StockApi.unique("sku");
    String id = given().contentType(ContentType.JSON)
        .body("{\"sku\":\"" + sku
            + "\",\"name\":\"Pils\",\"category\":\"beer\",\"price\":{\"amount\":450,\"currency\":\"EUR\"}}")
        .post("/products")
        .then().statusCode(201).header("Location", containsString("/products/"))
        .body("sku", equalTo(sku), "active", equalTo(true), "price.amount", equalTo(450), "version", equalTo(1))
        .extract().path("id");

    given().contentType(ContentType.JSON)
        .body("{\"price\":{\"amount\":500,\"currency\":\"EUR\"},\"name\":\"Pils 33cl\"}")
        .put("/products/" + id)
        .then().statusCode(200).body("price.amount", equalTo(500), "name", equalTo("Pils 33cl"), "category",
            equalTo("beer"), "version", equalTo(2));
    given().get("/products/" + id).then().statusCode(200).header("ETag", "\"2\"").body("name", equalTo("Pils 33cl"));

    List<Received> events = read(Topics.PRODUCT_EVENTS, id, 2);
    assertThat(events).extracting(r -> r.header("ce_type"), r -> r.header("ce_sequence"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple(EventTypes.PRODUCT_CREATED, "1"),
            org.assertj.core.groups.Tuple.tuple(EventTypes.PRODUCT_UPDATED, "2"));
    assertThat(events.get(1).value()).contains("\"price\":{\"amount\":500,\"currency\":\"EUR\"}", "\"version\":2");
  }

  @Test
  void shouldCreateLocationsWithClientOrServerIdsAndTheirTimeZone() {
    String id = StockApi.unique("bar");
    given().contentType(ContentType.JSON).body("{\"id\":\"" + id + "\",\"name\":\"Bar du Port\"}").post("/locations")
        .then().statusCode(201).header("Location", containsString("/locations/" + id))
        .body("timeZone", equalTo("Europe/Paris")); // the configured default
    given().get("/locations/" + id).then().statusCode(200).body("name", equalTo("Bar du Port"),
        "timeZone", equalTo("Europe/Paris"));
    String generated = given().contentType(ContentType.JSON)
        .body("{\"name\":\"Shop\",\"timeZone\":\"America/Montreal\"}").post("/locations")
        .then().statusCode(201).body("timeZone", equalTo("America/Montreal")).extract().path("id");
    assertThat(generated).hasSize(36);
    given().get("/locations/" + generated).then().statusCode(200).body("timeZone", equalTo("America/Montreal"));
    var created = read(Topics.LOCATION_EVENTS, id, 1).get(0);
    assertThat(created.header("ce_type")).isEqualTo(EventTypes.LOCATION_CREATED);
    assertThat(created.value()).contains("\"timeZone\":\"Europe/Paris\"");
    assertThat(read(Topics.LOCATION_EVENTS, generated, 1).get(0).value())
        .contains("\"timeZone\":\"America/Montreal\"");
  }

  @Test
  void shouldCountReceiveSellAndReturn() {
    String bar = StockApi.createLocation();
    String beer = StockApi.createProduct(450);
    String stock = "/locations/" + bar + "/stock/" + beer;
    // never stocked: zero, not an error
    given().get(stock).then().statusCode(200).body("onHand", equalTo(0), "available", equalTo(0));
    given().contentType(ContentType.JSON).body("{\"onHand\":10,\"reason\":\"weekly count\"}").put(stock)
        .then().statusCode(200).body("onHand", equalTo(10), "reserved", equalTo(0), "available", equalTo(10));
    given().contentType(ContentType.JSON).body("{\"quantity\":5}").post(stock + "/receipts")
        .then().statusCode(200).body("onHand", equalTo(15));

    String saleId = given().contentType(ContentType.JSON).body(StockApi.items(beer, "4", beer, "2"))
        .post("/locations/" + bar + "/sales")
        .then().statusCode(201)
        .body("locationId", equalTo(bar), "items.size()", equalTo(1), "items[0].quantity", equalTo(6),
            "items[0].unitPrice.amount", equalTo(450), "items[0].lineTotal.amount", equalTo(2700),
            "total.amount", equalTo(2700), "total.currency", equalTo("EUR"))
        .extract().path("id");
    // a later price change does not touch the sale
    given().contentType(ContentType.JSON).body("{\"price\":{\"amount\":999,\"currency\":\"EUR\"}}")
        .put("/products/" + beer).then().statusCode(200);
    given().get("/locations/" + bar + "/sales").then().statusCode(200)
        .body("total", equalTo(1), "items[0].id", equalTo(saleId), "items[0].items[0].unitPrice.amount", equalTo(450));

    given().contentType(ContentType.JSON).body(StockApi.items(beer, "2"))
        .post("/locations/" + bar + "/sales/" + saleId + "/returns")
        .then().statusCode(201).body("saleId", equalTo(saleId), "total.amount", equalTo(900));
    given().get(stock).then().body("onHand", equalTo(15 - 6 + 2));

    List<Received> changes = read(Topics.STOCK_EVENTS, StockKey.of(bar, beer), 4);
    assertThat(changes).extracting(r -> r.header("ce_sequence")).containsExactly("1", "2", "3", "4");
    assertThat(changes.get(0).value()).contains("\"reason\":\"count\"", "\"delta\":10",
        "\"reference\":\"weekly count\"");
    assertThat(changes.get(1).value()).contains("\"reason\":\"receipt\"", "\"delta\":5");
    assertThat(changes.get(2).value()).contains("\"reason\":\"sale\"", "\"delta\":-6", "\"reference\":\"" + saleId);
    assertThat(changes.get(3).value()).contains("\"reason\":\"return\"", "\"delta\":2", "\"onHand\":11");
    List<Received> saleEvents = read(Topics.SALE_EVENTS, saleId, 2);
    assertThat(saleEvents).extracting(r -> r.header("ce_type"))
        .containsExactly(EventTypes.SALE_COMPLETED, EventTypes.SALE_RETURNED);
  }

  @Test
  void shouldListSalesNewestFirstWithPages() {
    String bar = StockApi.createLocation();
    String beer = StockApi.createProduct(100);
    StockApi.count(bar, beer, 10);
    for (int q = 1; q <= 3; q++) {
      given().contentType(ContentType.JSON).body(StockApi.items(beer, String.valueOf(q)))
          .post("/locations/" + bar + "/sales").then().statusCode(201);
    }
    given().get("/locations/" + bar + "/sales?page=0&size=2").then().statusCode(200)
        .body("total", equalTo(3), "page", equalTo(0), "size", equalTo(2),
            "items.items.flatten().quantity", contains(3, 2));
    given().get("/locations/" + bar + "/sales?page=1&size=2").then()
        .body("items.items.flatten().quantity", contains(1));
  }

  @Test
  void shouldExposeHealthMetricsAndOpenApi() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"),
        "checks.name", hasItems("Reactive PostgreSQL connections health check", "Kafka"),
        "checks.find { it.name == 'Kafka' }.data.kafka", equalTo("up"));
    given().get("/q/health/live").then().statusCode(200).body("checks.find { it.name == 'Outbox relay' }.status",
        equalTo("UP"));
    String bar = StockApi.createLocation();
    String beer = StockApi.createProduct(100);
    StockApi.count(bar, beer, 1);
    given().contentType(ContentType.JSON).body(StockApi.items(beer, "1")).post("/locations/" + bar + "/sales")
        .then().statusCode(201);
    given().contentType(ContentType.JSON).body(StockApi.items(beer, "1")).post("/locations/" + bar + "/sales")
        .then().statusCode(409);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("stock_sales_total{outcome=\"completed\"}", "stock_sale_decrement_seconds_bucket",
        "outbox_backlog", "outbox_publish_lag_seconds", "api_rejections_total{code=\"insufficient-stock\"}");
    // HTTP latency per route as a histogram (p95 / p99 in Prometheus), bucketed at the SLOs' bounds
    assertThat(metrics).containsPattern(
        "http_server_requests_seconds_bucket\\{.*uri=\"/locations/\\{locationId\\}/sales\".*le=\"0\\.1\"")
        .containsPattern("http_server_requests_seconds_bucket\\{.*le=\"0\\.05\"");
    given().get("/q/openapi?format=json").then().statusCode(200)
        .body(containsString("/locations/{locationId}/sales"), containsString("/products/{productId}"));
  }

  @Test
  void shouldAnswerRefusedRoutesAsProblemsWithoutARawUriTag() {
    String id = "unmatched-" + java.util.UUID.randomUUID();
    given().delete("/products/" + id).then().statusCode(405).contentType("application/problem+json")
        .body("code", equalTo("method-not-allowed"));
    given().contentType("text/plain").body("x").put("/products/" + id).then().statusCode(415)
        .contentType("application/problem+json").body("code", equalTo("unsupported-media-type"));
    given().urlEncodingEnabled(false).get("/products/%00" + id).then().statusCode(400)
        .body("code", equalTo("malformed-request"));
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).as("raw paths of refused requests would fill the URI tag cap").doesNotContain(id)
        .contains("uri=\"UNMATCHED\"");
    // idle connections do not stay open for half an hour (SSE streams beat every 15 s)
    assertThat(org.eclipse.microprofile.config.ConfigProvider.getConfig()
        .getValue("quarkus.http.idle-timeout", java.time.Duration.class)).isLessThanOrEqualTo(Duration.ofSeconds(60));
  }

  private static List<Received> read(String topic, String key, int atLeast) {
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    try (KafkaTopicReader reader = new KafkaTopicReader(bootstrap, topic)) {
      return reader.pollUntil(seen -> seen.stream().filter(r -> key.equals(r.key())).count() >= atLeast,
          Duration.ofSeconds(20)).stream().filter(r -> key.equals(r.key()))
          .sorted(java.util.Comparator.comparingLong(Received::offset)).toList();
    }
  }
}
