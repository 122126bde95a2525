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
        c("missing sku", "POST", "/products", "{\"name\":\"n\",\"category\":\"c\"," + price + "}", 400, "validation-failed"),
        c("blank name", "POST", "/products", "{\"sku\":\"s1\",\"name\":\" \",\"category\":\"c\"," + price + "}", 400, "validation-failed"),
        c("overlong name", "POST", "/products", "{\"sku\":\"s1\",\"name\":\"" + long300 + "\",\"category\":\"c\"," + price + "}", 400, "validation-failed"),
        c("negative price", "POST", "/products", "{\"sku\":\"s1\",\"name\":\"n\",\"category\":\"c\",\"price\":{\"amount\":-1,\"currency\":\"EUR\"}}", 400, "validation-failed"),
        c("lower-case currency", "POST", "/products", "{\"sku\":\"s1\",\"name\":\"n\",\"category\":\"c\",\"price\":{\"amount\":1,\"currency\":\"eur\"}}", 400, "validation-failed"),
        c("price as text", "POST", "/products", "{\"sku\":\"s1\",\"name\":\"n\",\"category\":\"c\",\"price\":{\"amount\":\"12\",\"currency\":\"EUR\"}}", 400, "validation-failed"),
        c("fractional cents", "POST", "/products", "{\"sku\":\"s1\",\"name\":\"n\",\"category\":\"c\",\"price\":{\"amount\":1.5,\"currency\":\"EUR\"}}", 400, "validation-failed"),
        c("unknown field", "POST", "/products", "{\"sku\":\"s1\",\"name\":\"n\",\"category\":\"c\"," + price + ",\"stock\":3}", 400, "validation-failed"),
        c("sku with spaces", "POST", "/products", "{\"sku\":\"a b\",\"name\":\"n\",\"category\":\"c\"," + price + "}", 400, "validation-failed"),
        c("duplicate sku", "POST", "/products", "{\"sku\":\"" + sku + "\",\"name\":\"n\",\"category\":\"c\"," + price + "}", 409, "duplicate-sku"),
        c("update unknown product", "PUT", "/products/nope", "{\"name\":\"n\"}", 404, "not-found"),
        c("update with empty name", "PUT", "/products/" + beer, "{\"name\":\"\"}", 400, "validation-failed"),
        c("update active as text", "PUT", "/products/" + beer, "{\"active\":\"yes\"}", 400, "validation-failed"),
        new Case("text/plain body", "POST", "/products", "text/plain", "hello", null, 415, "unsupported-media-type"),
        // locations
        c("location id with slash-like chars", "POST", "/locations", "{\"id\":\"a b\",\"name\":\"n\"}", 400, "validation-failed"),
        c("location without name", "POST", "/locations", "{\"id\":\"ok-id\"}", 400, "validation-failed"),
        c("duplicate location id", "POST", "/locations", "{\"id\":\"" + bar + "\",\"name\":\"n\"}", 409, "duplicate-id"),
        // stock
        c("negative count", "PUT", stock, "{\"onHand\":-1}", 400, "validation-failed"),
        c("huge count", "PUT", stock, "{\"onHand\":2000000000}", 400, "validation-failed"),
        c("count of unknown product", "PUT", "/locations/" + bar + "/stock/nope", "{\"onHand\":1}", 404, "not-found"),
        c("count at unknown location", "PUT", "/locations/nowhere/stock/" + beer, "{\"onHand\":1}", 404, "not-found"),
        c("zero receipt", "POST", stock + "/receipts", "{\"quantity\":0}", 400, "validation-failed"),
        c("overflowing receipt", "POST", stock + "/receipts", "{\"quantity\":99999999999999999999}", 400, "validation-failed"),
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
        c("too many lines", "POST", sales, StockApi.items(Stream.generate(() -> new String[] { beer, "1" }).limit(101)
            .flatMap(Stream::of).toArray(String[]::new)), 400, "validation-failed"),
        c("unknown product", "POST", sales, StockApi.items("nope", "1"), 422, "unknown-product"),
        c("inactive product", "POST", sales, StockApi.items(retired, "1"), 422, "product-inactive"),
        c("unknown location", "POST", "/locations/nowhere/sales", StockApi.items(beer, "1"), 404, "not-found"),
        c("more than in stock", "POST", sales, StockApi.items(beer, "4"), 409, "insufficient-stock"),
        new Case("overlong Idempotency-Key", "POST", sales, "application/json", StockApi.items(beer, "1"), long300, 400, "validation-failed"),
        // returns
        c("return to unknown sale", "POST", sales + "/nope/returns", StockApi.items(beer, "1"), 404, "not-found"),
        c("return more than sold", "POST", sales + "/" + saleId + "/returns", StockApi.items(beer, "3"), 409, "return-exceeds-sale"),
        c("return a product not sold", "POST", sales + "/" + saleId + "/returns", StockApi.items(retired, "1"), 409, "return-exceeds-sale"),
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
    RequestSpecification req = given();
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

  private static Case resolve(Case c) {
    return new Case(c.name(), c.method(), fill(c.path()), c.contentType(), fill(c.body()), c.key(), c.status(),
        c.code());
  }

  private static String fill(String s) {
    return s == null ? null : s.replace("{bar}", bar).replace("{beer}", beer).replace("{retired}", retired)
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
