package shop.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import shop.platform.Json;
import shop.testsupport.AccessRules;
import shop.testsupport.AccessRules.Answer;
import shop.testsupport.AccessRules.Credential;
import shop.testsupport.AccessRules.Rule;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.TestTokens;

/**
 * Who may read a location's figures (its managers and admins; its activity also its staff; rebuilds admins), over
 * plain HTTP with real signed tokens, every endpoint in the table; and the parameters that cannot be answered: each a
 * problem+json with a stable code, never a 500.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "analytics_test"))
@WithTestResource(KafkaBrokerResource.class)
class AnalyticsAccessTest {
  static final String SHOP = "access-shop";
  static final String DAILY = "/analytics/daily?locationId=" + SHOP;
  static final String TOP = "/analytics/top-products?locationId=" + SHOP;
  static final String ACTIVITY = "/analytics/locations/" + SHOP + "/activity";

  @Inject
  Json json;

  @BeforeEach
  void locationKnown() {
    new AnalyticsEvents(json).location(SHOP, "America/New_York");
    await().atMost(Duration.ofSeconds(30)).until(() -> as(TestTokens.admin()).get(DAILY).statusCode() == 200);
  }

  static RequestSpecification as(String token) {
    return token == null ? given() : given().auth().oauth2(token);
  }

  record Row(String operation, Rule rule, int allowed, String path) {
  }

  static List<Row> rows() {
    return List.of(
        new Row("GET /analytics/locations/{locationId}/activity", Rule.STAFF_AT, 200, ACTIVITY),
        new Row("GET /analytics/daily", Rule.MANAGER_AT, 200, DAILY),
        new Row("GET /analytics/top-products", Rule.MANAGER_AT, 200, TOP),
        new Row("GET /analytics/rebuild", Rule.ADMIN, 404, "/analytics/rebuild")); // none since start: 404
  }

  static Stream<Arguments> cells() {
    return AccessRules.cells(rows(), Row::operation, Credential.class);
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("cells")
  void everyEndpointAnswersEachCredentialByItsRule(String operation, Credential credential, Row row) {
    Map<String, String> headers = new HashMap<>();
    String bearer = credential.bearer(SHOP);
    headers.put("Authorization", bearer == null ? null : "Bearer " + bearer);

    Answer answer = AccessRules.send(operation.split(" ")[0], row.path(), null, headers);

    int expected = row.rule().expected(credential, row.allowed());
    assertThat(answer.status()).as("%s as %s: %s", operation, credential, answer.body()).isEqualTo(expected);
    AccessRules.assertRefusal(answer, expected);
  }

  /** Starting a rebuild: admins only (RebuildTest runs one to its end; here only refusals are sent). */
  @ParameterizedTest(name = "POST /analytics/rebuild as {0}")
  @EnumSource(value = Credential.class, names = "ADMIN", mode = EnumSource.Mode.EXCLUDE)
  void onlyAdminsStartARebuild(Credential credential) {
    Map<String, String> headers = new HashMap<>();
    String bearer = credential.bearer(SHOP);
    headers.put("Authorization", bearer == null ? null : "Bearer " + bearer);

    Answer answer = AccessRules.send("POST", "/analytics/rebuild", "", headers);

    int expected = Rule.ADMIN.expected(credential, 202);
    assertThat(answer.status()).as("as %s: %s", credential, answer.body()).isEqualTo(expected);
    AccessRules.assertRefusal(answer, expected);
  }

  @Test
  void everyDocumentedEndpointIsInTheTables() {
    Set<String> inTables = new TreeSet<>(rows().stream().map(Row::operation).toList());
    inTables.add("POST /analytics/rebuild");
    assertThat(inTables).isEqualTo(AccessRules.documentedOperations());
  }

  @Test
  void shouldAnswerTheLastSevenDaysInTheLocationsZoneByDefault() {
    as(TestTokens.manager(SHOP)).get(DAILY).then().statusCode(200)
        .body("timeZone", equalTo("America/New_York"))
        .body("items.size()", equalTo(7))
        .body("currency", equalTo("EUR"));
  }

  @Test
  void shouldAnswerNotFoundForAnUnknownLocationToThoseAllowedToKnow() {
    as(TestTokens.admin()).get("/analytics/daily?locationId=nowhere").then().statusCode(404)
        .contentType("application/problem+json").body("code", equalTo("not-found"));
    as(TestTokens.admin()).get("/analytics/top-products?locationId=nowhere").then().statusCode(404);
    as(TestTokens.manager(SHOP)).get("/analytics/daily?locationId=nowhere").then().statusCode(403);
  }

  @ParameterizedTest
  @CsvSource({
      "'/analytics/daily?from=2026-01-01&to=2026-01-02', locationId",
      "'" + DAILY + "&from=2026-02-02&to=2026-02-01', from",
      "'" + DAILY + "&from=2025-01-01&to=2026-06-01', to",
      "'" + DAILY + "&from=2026-02-30', from",
      "'" + DAILY + "&from=20260101', from",
      "'" + DAILY + "&to=+99999-01-01', to",
      "'" + DAILY + "&currency=eur', currency",
      "'" + TOP + "&by=popularity', by",
      "'" + TOP + "&limit=0', limit",
      "'" + TOP + "&limit=101', limit",
      "'" + TOP + "&from=2026-03-01&to=2026-01-01', from",
      "'/analytics/daily?locationId=a%20b', locationId"})
  void shouldRefuseParametersItCannotAnswer(String path, String field) {
    as(TestTokens.admin()).get(path).then().statusCode(400).contentType("application/problem+json")
        .body("code", equalTo("validation-failed")).body("errors.field", hasItem(field));
  }

  @Test
  void shouldRefuseALimitThatIsNotANumber() {
    as(TestTokens.admin()).get(TOP + "&limit=ten").then().statusCode(400).contentType("application/problem+json");
  }
}
