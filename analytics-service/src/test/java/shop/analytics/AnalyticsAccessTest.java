package shop.analytics;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import shop.platform.Json;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.TestTokens;

/**
 * Who may read a location's figures (its managers and admins; its activity also its staff), and the parameters that
 * cannot be answered: each a problem+json with a stable code, never a 500.
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

  @ParameterizedTest
  @CsvSource({
      // who, daily & top-products, activity
      "anonymous, 401, 401",
      "customer, 403, 403",
      "staff-elsewhere, 403, 403",
      "staff, 403, 200",
      "manager-elsewhere, 403, 403",
      "manager, 200, 200",
      "admin, 200, 200"})
  void shouldOpenFiguresToManagersAndAdminsAndActivityAlsoToStaff(String who, int figures, int activity) {
    String token = switch (who) {
      case "customer" -> TestTokens.customer("alice");
      case "staff-elsewhere" -> TestTokens.staff("other-shop");
      case "staff" -> TestTokens.staff(SHOP);
      case "manager-elsewhere" -> TestTokens.manager("other-shop");
      case "manager" -> TestTokens.manager(SHOP);
      case "admin" -> TestTokens.admin();
      default -> null;
    };
    as(token).get(DAILY).then().statusCode(figures);
    as(token).get(TOP).then().statusCode(figures);
    as(token).get(ACTIVITY).then().statusCode(activity);
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
