package shop.stock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;

/** Every kind of bad input gets its documented 4xx problem+json with a stable code, and changes nothing. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class BadInputTest {
  static String bar;
  static String beer;
  static String retired;
  static String sku;
  static String saleId;

  @Inject
  Pool pool;

  /** Once per class, lazily: Quarkus sets the HTTP port only once the first test runs. */
  static synchronized void givenACatalogueAndASale() {
    if (bar != null) {
      return;
    }
    bar = StockApi.createLocation();
    beer = StockApi.createProduct(450);
    retired = StockApi.createProduct(300);
    given().contentType(ContentType.JSON).body("{\"active\":false}").put("/products/" + retired).then().statusCode(200);
    sku = given().get("/products/" + beer).then().extract().path("sku");
    StockApi.count(bar, beer, 5);
    StockApi.count(bar, retired, 5);
    saleId = given().contentType(ContentType.JSON).body(StockApi.items(beer, "2"))
        .post("/locations/" + bar + "/sales").then().statusCode(201).extract().path("id");
  }

  record Case(String name, String method, String path, String contentType, String body, String key, int status,
      String code) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case c(String name, String method, String path, String body, int status, String code) {
    return new Case(name, method, path, "application/json", body, null, status, code);
  }

  /** Placeholders {bar}, {beer}, {retired}, {sku} and {sale} are resolved when the case runs. */
  static Stream<Arguments> cases() {
    String bar = "{bar}";
    String beer = "{beer}";
    String retired = "{retired}";
    String sku = "{sku}";
    String saleId = "{sale}";
    String sales = "/locations/" + bar + "/sales";
    String stock = "/locations/" + bar + "/stock/" + beer;
    String price = "\"price\":{\"amount\":100,\"currency\":\"EUR\"}";
    String long300 = "x".repeat(300);
    List<Case> cases = new ArrayList<>(List.of(
        // products
        c("malformed JSON", "POST", "/products", "{\"sku\":", 400, "malformed-request"),
        c("empty body", "POST", "/products", "", 400, "validation-failed"),
        c("missing sku", "POST", "/products", "{\"name\":\"n\",\"category\":\"c\"," + price + "}", 400,
            "validation-failed"),
        c("blank name", "POST", "/products", "{\"sku\":\"s1\",\"name\":\" \",\"category\":\"c\"," + price + "}", 400,
            "validation-failed"),
        c("overlong name", "POST", "/products",
            "{\"sku\":\"s1\",\"name\":\"" + long300 + "\",\"category\":\"c\"," + price + "}", 400, "validation-failed"),
        c("negative price", "POST", "/products",
            "{\"sku\":\"s1\",\"name\":\"n\",\"category\":\"c\",\"price\":{\"amount\":-1,\"currency\":\"EUR\"}}", 400,
            "validation-failed"),
        c("lower-case currency", "POST", "/products",
            "{\"sku\":\"s1\",\"name\":\"n\",\"category\":\"c\",\"price\":{\"amount\":1,\"currency\":\"eur\"}}", 400,
            "validation-failed"),
        c("price as text", "POST", "/products",
            "{\"sku\":\"s1\",\"name\":\"n\",\"category\":\"c\",\"price\":{\"amount\":\"12\",\"currency\":\"EUR\"}}",
            400, "validation-failed"),
        c("fractional cents", "POST", "/products",
            "{\"sku\":\"s1\",\"name\":\"n\",\"category\":\"c\",\"price\":{\"amount\":1.5,\"currency\":\"EUR\"}}", 400,
            "validation-failed"),
        c("unknown field", "POST", "/products",
            "{\"sku\":\"s1\",\"name\":\"n\",\"category\":\"c\"," + price + ",\"stock\":3}", 400, "validation-failed"),
        c("sku with spaces", "POST", "/products", "{\"sku\":\"a b\",\"name\":\"n\",\"category\":\"c\"," + price + "}",
            400, "validation-failed"),
        c("duplicate sku", "POST", "/products",
            "{\"sku\":\"" + sku + "\",\"name\":\"n\",\"category\":\"c\"," + price + "}", 409, "duplicate-sku"),
        c("update unknown product", "PUT", "/products/nope", "{\"name\":\"n\"}", 404, "not-found"),
        c("update with empty name", "PUT", "/products/" + beer, "{\"name\":\"\"}", 400, "validation-failed"),
        c("update active as text", "PUT", "/products/" + beer, "{\"active\":\"yes\"}", 400, "validation-failed"),
        new Case("text/plain body", "POST", "/products", "text/plain", "hello", null, 415, "unsupported-media-type"),
        // strict JSON: one document, each key once, no coercion between text, numbers and booleans
        c("duplicate key in receipt", "POST", stock + "/receipts", "{\"quantity\":1,\"quantity\":1000000}", 400,
            "malformed-request"),
        c("duplicate key before the last field", "POST", "/products",
            "{\"sku\":\"d1\",\"sku\":\"d2\",\"name\":\"n\",\"category\":\"c\"," + price + "}", 400,
            "malformed-request"),
        c("trailing garbage", "POST", stock + "/receipts", "{\"quantity\":1}xyz", 400, "malformed-request"),
        c("a second document", "POST", stock + "/receipts", "{\"quantity\":1} {\"quantity\":2}", 400,
            "malformed-request"),
        c("boolean as sku", "POST", "/products", "{\"sku\":false,\"name\":\"n\",\"category\":\"c\"," + price + "}", 400,
            "validation-failed"),
        c("number as name", "POST", "/products", "{\"sku\":\"s1\",\"name\":12,\"category\":\"c\"," + price + "}", 400,
            "validation-failed"),
        c("integer as active", "PUT", "/products/" + beer, "{\"active\":0}", 400, "validation-failed"),
        // text PostgreSQL refuses (NUL) or that no client means (control characters, half a surrogate pair)
        c("NUL in a name", "POST", "/products",
            "{\"sku\":\"s1\",\"name\":\"a\\u0000b\",\"category\":\"c\"," + price + "}", 400, "validation-failed"),
        c("NUL in a category", "PUT", "/products/" + beer, "{\"category\":\"\\u0000\"}", 400, "validation-failed"),
        c("control character in a name", "PUT", "/products/" + beer, "{\"name\":\"a\\u0007b\"}", 400,
            "validation-failed"),
        c("lone surrogate in a name", "PUT", "/products/" + beer, "{\"name\":\"a\\ud800b\"}", 400, "validation-failed"),
        c("NUL in a productId", "POST", sales, StockApi.items("a\\u0000", "1"), 400, "validation-failed"),
        c("NUL in a product path", "GET", "/products/%00", null, 400, "malformed-request"),
        c("NUL in a product update path", "PUT", "/products/%00", "{\"name\":\"n\"}", 400, "malformed-request"),
        c("NUL in a location path", "POST", "/locations/%00/sales", StockApi.items(beer, "1"), 400,
            "malformed-request"),
        c("NUL in a stock path", "GET", "/locations/" + bar + "/stock/%00", null, 400, "malformed-request"),
        c("NUL in a sale path", "POST", sales + "/%00/returns", StockApi.items(beer, "1"), 400, "malformed-request"),
        c("NUL in a query parameter", "GET", sales + "?page=%00", null, 400, "malformed-request"),
        // the limit per product holds however the lines are split
        c("repeated lines over the limit", "POST", sales,
            StockApi.items(Stream.generate(() -> new String[]{beer, "10000"})
                .limit(100).flatMap(Stream::of).toArray(String[]::new)),
            422, "limit-exceeded"),
        // HTTP limits, answered before the request is read
        c("body over the limit", "POST", "/products", "{\"sku\":\"s1\",\"name\":\"" + "x".repeat(70_000) + "\"}", 413,
            "body-too-large"),
        c("URI too long", "GET", "/products/" + "x".repeat(5_000), null, 414, "uri-too-long"),
        new Case("headers too large", "POST", sales, "application/json", StockApi.items(beer, "1"), "k".repeat(20_000),
            431, "headers-too-large"),
        // locations
        c("location id with slash-like chars", "POST", "/locations", "{\"id\":\"a b\",\"name\":\"n\"}", 400,
            "validation-failed"),
        c("location without name", "POST", "/locations", "{\"id\":\"ok-id\"}", 400, "validation-failed"),
        c("location in an unknown time zone", "POST", "/locations", "{\"name\":\"n\",\"timeZone\":\"Mars/Olympus\"}",
            400, "validation-failed"),
        c("location with an offset for a time zone", "POST", "/locations",
            "{\"name\":\"n\",\"timeZone\":\"+02:00\"}", 400, "validation-failed"),
        c("location with a numeric time zone", "POST", "/locations", "{\"name\":\"n\",\"timeZone\":7}", 400,
            "validation-failed"),
        c("duplicate location id", "POST", "/locations", "{\"id\":\"" + bar + "\",\"name\":\"n\"}", 409,
            "duplicate-id"),
        // stock
        c("negative count", "PUT", stock, "{\"onHand\":-1}", 400, "validation-failed"),
        c("huge count", "PUT", stock, "{\"onHand\":2000000000}", 400, "validation-failed"),
        c("count of unknown product", "PUT", "/locations/" + bar + "/stock/nope", "{\"onHand\":1}", 404, "not-found"),
        c("count at unknown location", "PUT", "/locations/nowhere/stock/" + beer, "{\"onHand\":1}", 404, "not-found"),
        c("zero receipt", "POST", stock + "/receipts", "{\"quantity\":0}", 400, "validation-failed"),
        c("overflowing receipt", "POST", stock + "/receipts", "{\"quantity\":99999999999999999999}", 400,
            "validation-failed"),
        // sales
        c("no items", "POST", sales, "{\"items\":[]}", 400, "validation-failed"),
        c("items missing", "POST", sales, "{}", 400, "validation-failed"),
        c("null item", "POST", sales, "{\"items\":[null]}", 400, "validation-failed"),
        c("zero quantity", "POST", sales, StockApi.items(beer, "0"), 400, "validation-failed"),
        c("negative quantity", "POST", sales, StockApi.items(beer, "-1"), 400, "validation-failed"),
        c("huge quantity", "POST", sales, StockApi.items(beer, "10001"), 400, "validation-failed"),
        c("overflowing quantity", "POST", sales, StockApi.items(beer, "1e20"), 400, "validation-failed"),
        c("fractional quantity", "POST", sales, StockApi.items(beer, "1.5"), 400, "validation-failed"),
        c("quantity as text", "POST", sales, StockApi.items(beer, "\"2\""), 400, "validation-failed"),
        c("missing productId", "POST", sales, "{\"items\":[{\"quantity\":1}]}", 400, "validation-failed"),
        c("overlong productId", "POST", sales, StockApi.items("p".repeat(100), "1"), 400, "validation-failed"),
        c("too many lines", "POST", sales, StockApi.items(Stream.generate(() -> new String[]{beer, "1"}).limit(101)
            .flatMap(Stream::of).toArray(String[]::new)), 400, "validation-failed"),
        c("unknown product", "POST", sales, StockApi.items("nope", "1"), 422, "unknown-product"),
        c("inactive product", "POST", sales, StockApi.items(retired, "1"), 422, "product-inactive"),
        c("unknown location", "POST", "/locations/nowhere/sales", StockApi.items(beer, "1"), 404, "not-found"),
        c("more than in stock", "POST", sales, StockApi.items(beer, "4"), 409, "insufficient-stock"),
        new Case("overlong Idempotency-Key", "POST", sales, "application/json", StockApi.items(beer, "1"), long300, 400,
            "validation-failed"),
        // returns
        c("return to unknown sale", "POST", sales + "/nope/returns", StockApi.items(beer, "1"), 404, "not-found"),
        c("return more than sold", "POST", sales + "/" + saleId + "/returns", StockApi.items(beer, "3"), 409,
            "return-exceeds-sale"),
        c("return a product not sold", "POST", sales + "/" + saleId + "/returns", StockApi.items(retired, "1"), 409,
            "return-exceeds-sale"),
        // queries
        c("page size too big", "GET", sales + "?size=201", null, 400, "validation-failed"),
        c("negative page", "GET", sales + "?page=-1", null, 400, "validation-failed"),
        c("page size not a number", "GET", sales + "?size=abc", null, 400, "validation-failed"),
        c("unknown product read", "GET", "/products/nope", null, 404, "not-found"),
        c("unknown location read", "GET", "/locations/nope", null, 404, "not-found"),
        c("unknown route", "GET", "/nothing-here", null, 404, "not-found")));
    return cases.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldAnswerProblemJsonAndChangeNothing(Case raw) {
    givenACatalogueAndASale();
    Case t = resolve(raw);
    String before = snapshot();
    RequestSpecification req = given().urlEncodingEnabled(false); // paths are sent as written (%00 stays a NUL)
    if (t.body() != null) {
      req = req.contentType(t.contentType()).body(t.body());
    }
    if (t.key() != null) {
      req = req.header("Idempotency-Key", t.key());
    }
    Response r = req.request(t.method(), t.path());
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(t.status());
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.jsonPath().getString("code")).isEqualTo(t.code());
    assertThat(r.jsonPath().getInt("status")).isEqualTo(t.status());
    assertThat(r.jsonPath().getString("title")).isNotBlank();
    assertThat(r.asString()).doesNotContain("Exception", "at shop.", "io.vertx");
    if ("validation-failed".equals(t.code()) && t.body() != null && !t.body().isEmpty()) {
      assertThat(r.jsonPath().getList("errors")).as("offending fields listed").isNotEmpty();
    }
    assertThat(snapshot()).as("database unchanged").isEqualTo(before);
  }

  @org.junit.jupiter.api.Test
  void shouldRefuseAStaleIfMatchOnProductsAndCountsWithTheCurrentVersion() {
    givenACatalogueAndASale();
    String before = snapshot();
    String productVersion = given().get("/products/" + beer).then().statusCode(200).extract().header("ETag");
    long stale = Long.parseLong(productVersion.replace("\"", "")) - 1;
    Response product = given().contentType(ContentType.JSON).header("If-Match", "\"" + stale + "\"")
        .body("{\"name\":\"stale rename\"}").put("/products/" + beer);
    assertThat(product.statusCode()).as(product.asString()).isEqualTo(412);
    assertThat(product.contentType()).startsWith("application/problem+json");
    assertThat(product.jsonPath().getString("code")).isEqualTo("version-conflict");
    assertThat(product.jsonPath().getLong("currentVersion")).isEqualTo(stale + 1);

    // an inventory count made before the sale would erase it: refused
    String levelVersion = given().get("/locations/" + bar + "/stock/" + beer).then().statusCode(200).extract()
        .header("ETag");
    long current = Long.parseLong(levelVersion.replace("\"", ""));
    Response count = given().contentType(ContentType.JSON).header("If-Match", "\"" + (current - 1) + "\"")
        .body("{\"onHand\":5}").put("/locations/" + bar + "/stock/" + beer);
    assertThat(count.statusCode()).as(count.asString()).isEqualTo(412);
    assertThat(count.jsonPath().getString("code")).isEqualTo("version-conflict");
    assertThat(count.jsonPath().getLong("currentVersion")).isEqualTo(current);
    given().contentType(ContentType.JSON).header("If-Match", "yesterday").body("{\"onHand\":5}")
        .put("/locations/" + bar + "/stock/" + beer).then().statusCode(400).body("code",
            org.hamcrest.Matchers.equalTo("validation-failed"));
    assertThat(snapshot()).as("database unchanged").isEqualTo(before);

    // the current version is accepted, and the answer carries the next one
    given().contentType(ContentType.JSON).header("If-Match", levelVersion).body("{\"onHand\":3}")
        .put("/locations/" + bar + "/stock/" + beer).then().statusCode(200)
        .header("ETag", "\"" + (current + 1) + "\"");
    StockApi.count(bar, beer, 3); // without If-Match: unconditional, as before
  }

  private static Case resolve(Case c) {
    return new Case(c.name(), c.method(), fill(c.path()), c.contentType(), fill(c.body()), c.key(), c.status(),
        c.code());
  }

  private static String fill(String s) {
    return s == null
        ? null
        : s.replace("{bar}", bar).replace("{beer}", beer).replace("{retired}", retired)
            .replace("{sku}", sku).replace("{sale}", saleId);
  }

  private String snapshot() {
    Row r = pool.query("select (select count(*) from product), (select coalesce(sum(version), 0) from product), "
        + "(select count(*) from location), (select count(*) from stock_level), "
        + "(select coalesce(sum(on_hand), 0) from stock_level), (select coalesce(sum(version), 0) from stock_level), "
        + "(select count(*) from sale), (select coalesce(sum(returned), 0) from sale_line), "
        + "(select count(*) from sale_return), (select count(*) from idempotency_key)").execute()
        .await().indefinitely().iterator().next();
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      values.add(r.getValue(i));
    }
    return values.toString();
  }
}
