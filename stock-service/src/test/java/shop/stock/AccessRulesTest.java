package shop.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import shop.testsupport.AccessRules;
import shop.testsupport.AccessRules.Answer;
import shop.testsupport.AccessRules.Credential;
import shop.testsupport.AccessRules.Rule;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.TestTokens;

/**
 * Who may do what on stock-service: every endpoint × every kind of credential (none, expired, wrong issuer, wrong
 * audience, unsigned, wrong key, customer, staff of another location, staff here, manager here, admin) gets the status
 * of its rule, with real signed tokens. Every operation of the OpenAPI document must have a row, so an endpoint added
 * without a rule fails here. Plus: idempotency keys are scoped to the caller, required where a duplicate costs stock,
 * and a body must be declared JSON.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class AccessRulesTest {
  static String here;
  static String beer;
  static String saleId;

  /** One endpoint: its rule, the status of an allowed call, and how to build a fresh request. */
  record Row(String operation, Rule rule, int allowed, String path, String body) {
    String method() {
      return operation.split(" ")[0];
    }

    String concretePath() {
      return path.replace("{locationId}", here).replace("{productId}", beer).replace("{saleId}", saleId);
    }

    String concreteBody() {
      return body == null ? null : body.replace("{uniq}", StockApi.unique("x"));
    }
  }

  static synchronized void givenALocationWithStockAndASale() {
    if (here != null) {
      return;
    }
    here = StockApi.createLocation();
    beer = StockApi.createProduct(450);
    StockApi.count(here, beer, 1_000);
    saleId = io.restassured.RestAssured.given().contentType("application/json").header("Idempotency-Key",
        UUID.randomUUID().toString()).body(StockApi.items(beer, "50")).post("/locations/" + here + "/sales").then()
        .statusCode(201).extract().path("id");
  }

  static List<Row> rows() {
    return List.of(
        new Row("POST /products", Rule.ADMIN, 201, "/products",
            "{\"sku\":\"{uniq}\",\"name\":\"Stout\",\"category\":\"beer\",\"price\":{\"amount\":500,\"currency\":\"EUR\"}}"),
        new Row("PUT /products/{productId}", Rule.ADMIN, 200, "/products/{productId}", "{\"name\":\"Lager\"}"),
        new Row("GET /products/{productId}", Rule.PUBLIC, 200, "/products/{productId}", null),
        new Row("POST /locations", Rule.ADMIN, 201, "/locations", "{\"id\":\"{uniq}\",\"name\":\"Bar\"}"),
        new Row("GET /locations/{locationId}", Rule.PUBLIC, 200, "/locations/{locationId}", null),
        new Row("PUT /locations/{locationId}/stock/{productId}", Rule.MANAGER_AT, 200,
            "/locations/{locationId}/stock/{productId}", "{\"onHand\":1000,\"reason\":\"{uniq}\"}"),
        new Row("POST /locations/{locationId}/stock/{productId}/receipts", Rule.MANAGER_AT, 200,
            "/locations/{locationId}/stock/{productId}/receipts", "{\"quantity\":1}"),
        new Row("GET /locations/{locationId}/stock/{productId}", Rule.STAFF_AT, 200,
            "/locations/{locationId}/stock/{productId}", null),
        new Row("POST /locations/{locationId}/sales", Rule.STAFF_AT, 201, "/locations/{locationId}/sales",
            "{\"items\":[{\"productId\":\"{productId}\",\"quantity\":1}]}"),
        new Row("GET /locations/{locationId}/sales", Rule.STAFF_AT, 200, "/locations/{locationId}/sales", null),
        new Row("POST /locations/{locationId}/sales/{saleId}/returns", Rule.STAFF_AT, 201,
            "/locations/{locationId}/sales/{saleId}/returns",
            "{\"items\":[{\"productId\":\"{productId}\",\"quantity\":1}]}"));
  }

  static Stream<Arguments> cells() {
    return AccessRules.cells(rows(), Row::operation, Credential.class);
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("cells")
  void everyEndpointAnswersEachCredentialByItsRule(String operation, Credential credential, Row row) {
    givenALocationWithStockAndASale();
    String body = row.concreteBody();
    if (body != null) {
      body = body.replace("{productId}", beer);
    }
    Map<String, String> headers = new HashMap<>();
    String bearer = credential.bearer(here);
    headers.put("Authorization", bearer == null ? null : "Bearer " + bearer);
    headers.put("Idempotency-Key", body == null ? null : UUID.randomUUID().toString());

    Answer answer = AccessRules.send(row.method(), row.concretePath(), body, headers);

    int expected = row.rule().expected(credential, row.allowed());
    assertThat(answer.status()).as("%s as %s: %s", operation, credential, answer.body()).isEqualTo(expected);
    AccessRules.assertRefusal(answer, expected);
  }

  @Test
  void everyDocumentedEndpointHasARowInTheTable() {
    Set<String> inTable = rows().stream().map(Row::operation).collect(Collectors.toCollection(TreeSet::new));
    assertThat(inTable).isEqualTo(AccessRules.documentedOperations());
  }

  @Test
  void anIdempotencyKeyIsTheCallersOwn() {
    givenALocationWithStockAndASale();
    String key = UUID.randomUUID().toString();
    String body = StockApi.items(beer, "1");
    String alice = TestTokens.token("till-alice", "staff", here);
    String bob = TestTokens.token("till-bob", "staff", here);

    Answer first = AccessRules.send("POST", "/locations/" + here + "/sales", body,
        Map.of("Authorization", "Bearer " + alice, "Idempotency-Key", key));
    Answer replay = AccessRules.send("POST", "/locations/" + here + "/sales", body,
        Map.of("Authorization", "Bearer " + alice, "Idempotency-Key", key));
    Answer other = AccessRules.send("POST", "/locations/" + here + "/sales", body,
        Map.of("Authorization", "Bearer " + bob, "Idempotency-Key", key));

    assertThat(first.status()).isEqualTo(201);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.body()).isEqualTo(first.body());
    // bob's identical request with alice's key is bob's own sale, never alice's stored answer
    assertThat(other.status()).isEqualTo(201);
    assertThat(other.header("Idempotent-Replayed")).isNull();
    assertThat(other.body()).isNotEqualTo(first.body());
  }

  @Test
  void salesReturnsAndReceiptsRequireAnIdempotencyKey() {
    givenALocationWithStockAndASale();
    Map<String, String> noKey = Map.of("Authorization", "Bearer " + TestTokens.admin());
    long before = StockApi.onHand(here, beer);
    for (String[] call : new String[][]{
        {"/locations/" + here + "/sales", StockApi.items(beer, "1")},
        {"/locations/" + here + "/sales/" + saleId + "/returns", StockApi.items(beer, "1")},
        {"/locations/" + here + "/stock/" + beer + "/receipts", "{\"quantity\":1}"}}) {
      Answer a = AccessRules.send("POST", call[0], call[1], noKey);
      assertThat(a.status()).as(call[0]).isEqualTo(400);
      assertThat(a.body()).contains("\"code\":\"validation-failed\"").contains("Idempotency-Key");
    }
    assertThat(StockApi.onHand(here, beer)).isEqualTo(before);
  }

  @Test
  void aBodyMustBeDeclaredJson() {
    givenALocationWithStockAndASale();
    long before = StockApi.onHand(here, beer);
    // a web page can send text/plain, form and multipart bodies cross-site without a preflight; none is accepted
    for (String contentType : new String[]{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
        null, "", "*/*", "application/*", "json"}) {
      Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer " + TestTokens.admin(),
          "Idempotency-Key", UUID.randomUUID().toString()));
      headers.put("Content-Type", contentType);
      Answer a = AccessRules.send("POST", "/locations/" + here + "/sales", StockApi.items(beer, "1"), headers);
      assertThat(a.status()).as(String.valueOf(contentType)).isEqualTo(415);
      assertThat(a.body()).contains("\"code\":\"unsupported-media-type\"");
    }
    assertThat(StockApi.onHand(here, beer)).isEqualTo(before);
  }
}
