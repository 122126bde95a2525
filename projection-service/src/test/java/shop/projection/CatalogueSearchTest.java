package shop.projection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import shop.events.EventTypes;
import shop.events.Topics;
import shop.testsupport.CloudEventProducer;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.RedisServerResource;

/**
 * Catalogue search over the read model: accent-insensitive prefix words, filters, availability per location, sorts
 * including popularity from sale-events (a redelivered sale counted once), pages with a total, and refused input.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "projection_test"))
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(RedisServerResource.class)
class CatalogueSearchTest {
  /** A category of this run only, so other tests' products never show up. */
  static final String CATEGORY = "cat" + UUID.randomUUID().toString().substring(0, 8);
  static final String BAR = StockProjectionTest.id("bar");
  static final String OTHER_BAR = StockProjectionTest.id("bar");
  static final String BLONDE = StockProjectionTest.id("p");
  static final String BRUNE = StockProjectionTest.id("p");
  static final String WINE = StockProjectionTest.id("p");
  static final String COFFEE = StockProjectionTest.id("p");
  static final String RETIRED = StockProjectionTest.id("p");

  private static boolean published;

  /** Once per run (a static @BeforeAll would run before Quarkus listens). */
  @BeforeEach
  void catalogue() {
    if (published) {
      return;
    }
    published = true;
    product(BLONDE, "Bière blonde", 450, true);
    product(BRUNE, "Bière brune", 500, true);
    product(WINE, "Vin rouge", 700, true);
    product(COFFEE, "Café", 200, true);
    product(RETIRED, "Bière ancienne", 300, false);
    StockProjectionTest.stock(BAR, BLONDE, 5, 1);
    StockProjectionTest.stock(BAR, BRUNE, 0, 1);
    StockProjectionTest.stock(BAR, WINE, 3, 1);
    StockProjectionTest.stock(OTHER_BAR, COFFEE, 2, 1);
    String brune = UUID.randomUUID().toString();
    sale(brune, EventTypes.SALE_COMPLETED, BRUNE, 7);
    sale(brune, EventTypes.SALE_COMPLETED, BRUNE, 7); // redelivered: counted once
    sale(UUID.randomUUID().toString(), EventTypes.SALE_COMPLETED, WINE, 3);
    sale(UUID.randomUUID().toString(), EventTypes.SALE_RETURNED, WINE, 1);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> search().queryParam("sort", "popularity").get()
        .then().statusCode(200).body("total", equalTo(4), "items.popularity", contains(7, 2, 0, 0))
        .body("items.find { it.id == '" + COFFEE + "' }.available", equalTo(2)));
  }

  @Test
  void shouldFindByWordPrefixesIgnoringAccentsAndCase() {
    search().queryParam("q", "biere").get().then().statusCode(200)
        .body("total", equalTo(2), "items.name", contains("Bière blonde", "Bière brune"));
    search().queryParam("q", "BIE blo").get().then().body("items.id", contains(BLONDE));
    search().queryParam("q", "cafe").get().then().body("items.id", contains(COFFEE));
    search().queryParam("q", CATEGORY.substring(0, 6)).get().then().body("total", equalTo(4));
    search().queryParam("q", "whisky").get().then().statusCode(200).body("total", equalTo(0), "items", empty());
  }

  @Test
  void shouldFilterByLocationStockAndSort() {
    search().queryParam("locationId", BAR).queryParam("inStock", "true").queryParam("sort", "-price").get().then()
        .body("items.id", contains(WINE, BLONDE), "items.available", contains(3, 5));
    search().queryParam("locationId", BAR).queryParam("sort", "price").get().then()
        .body("items.id", contains(COFFEE, BLONDE, BRUNE, WINE), "items.available", contains(0, 5, 0, 3));
    search().queryParam("inStock", "true").get().then().body("items.id", contains(BLONDE, COFFEE, WINE));
    search().queryParam("sort", "name").get().then().body("items.name",
        contains("Bière blonde", "Bière brune", "Café", "Vin rouge"));
  }

  @Test
  void shouldFilterByLocationAloneWithoutOtherFilters() {
    // the count query once got the location parameter without using it: 500 unless q, category or inStock was given
    for (String sort : new String[]{"name", "price", "-price", "popularity"}) {
      given().basePath("/products").queryParam("locationId", BAR).queryParam("sort", sort).get().then()
          .statusCode(200).body("total", greaterThanOrEqualTo(4), "items.find { it.id == '" + WINE + "' }.available",
              anyOf(nullValue(), equalTo(3)));
    }
    given().basePath("/products").queryParam("locationId", BAR).queryParam("size", 200).get().then().statusCode(200)
        .body("items.find { it.id == '" + WINE + "' }.available", equalTo(3));
  }

  @Test
  void shouldPageWithTheTotal() {
    search().queryParam("size", 3).queryParam("page", 1).get().then().statusCode(200)
        .body("page", equalTo(1), "size", equalTo(3), "total", equalTo(4), "items.id", contains(WINE));
    search().queryParam("size", 3).queryParam("page", 5).get().then().body("total", equalTo(4), "items", empty());
  }

  @Test
  void shouldRefuseBadQueriesWithProblemJson() {
    for (String[] bad : new String[][]{{"sort", "cheapest"}, {"size", "0"}, {"size", "201"}, {"page", "-1"},
        {"inStock", "yes"}, {"q", "!!!"}, {"q", "x".repeat(201)}, {"page", "abc"}}) {
      search().queryParam(bad[0], bad[1]).get().then().statusCode(400).contentType("application/problem+json")
          .body("code", equalTo("validation-failed"));
    }
    // a NUL (PostgreSQL refuses it) or another control character in a path or query: 400, never 500
    for (String path : List.of("/products/%00", "/products?q=%00", "/products?locationId=a%01b", "/carts/%00",
        "/carts/%00/summary", "/locations/%00/stock", "/locations/%00/stock/stream")) {
      given().urlEncodingEnabled(false).get(path).then().statusCode(400).contentType("application/problem+json")
          .body("code", equalTo("malformed-request"));
    }
    given().get("/q/openapi").then().statusCode(200).body(org.hamcrest.Matchers.containsString("/products:"));
  }

  private static RequestSpecification search() {
    return given().basePath("/products").queryParam("category", CATEGORY);
  }

  private static void product(String id, String name, long price, boolean active) {
    CloudEventProducer.publish(Topics.PRODUCT_EVENTS, id, EventTypes.PRODUCT_CREATED, 1L, "{\"productId\":\"" + id
        + "\",\"sku\":\"sku-" + id + "\",\"name\":\"" + name + "\",\"category\":\"" + CATEGORY + "\",\"price\":"
        + "{\"amount\":" + price + ",\"currency\":\"EUR\"},\"active\":" + active + ",\"version\":1}");
  }

  static void sale(String eventId, String type, String product, int quantity) {
    String saleId = "sale-" + eventId;
    String line = "{\"productId\":\"" + product + "\",\"quantity\":" + quantity + ",\"unitPrice\":{\"amount\":100,"
        + "\"currency\":\"EUR\"},\"lineTotal\":{\"amount\":" + (100 * quantity) + ",\"currency\":\"EUR\"}}";
    String payload = EventTypes.SALE_COMPLETED.equals(type)
        ? "{\"saleId\":\"" + saleId + "\",\"locationId\":\"" + BAR + "\",\"items\":[" + line + "],\"total\":"
            + "{\"amount\":" + (100 * quantity) + ",\"currency\":\"EUR\"},\"createdAt\":\"2026-11-21T10:00:00Z\"}"
        : "{\"returnId\":\"r-" + eventId + "\",\"saleId\":\"" + saleId + "\",\"locationId\":\"" + BAR + "\","
            + "\"items\":[" + line + "],\"total\":{\"amount\":" + (100 * quantity) + ",\"currency\":\"EUR\"},"
            + "\"createdAt\":\"2026-11-21T10:00:00Z\"}";
    CloudEventProducer.publishWithId(Topics.SALE_EVENTS, saleId, type, null, eventId, payload);
  }
}
