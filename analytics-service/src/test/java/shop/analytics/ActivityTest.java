package shop.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static shop.analytics.AnalyticsEvents.line;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import shop.platform.Json;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.TestTokens;

/**
 * Live activity through Kafka Streams on the real broker: event-time minutes, a redelivered sale counted once, a sale
 * later than the grace dropped (and counted as dropped), the polling hint turning short when the location is busy,
 * and readiness once the streams run. (Decay with the wall clock is {@code DaySumsAndActivityTest}'s.)
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "analytics_test"))
@WithTestResource(KafkaBrokerResource.class)
class ActivityTest {
  static final String BAR = "live-bar";

  @Inject
  Json json;

  @Test
  void shouldCountEachSaleOnceInItsMinuteAndHintAShortPollWhenBusy() {
    AnalyticsEvents events = new AnalyticsEvents(json);
    Instant now = Instant.now();
    Instant tenMinutesAgo = now.minus(10, ChronoUnit.MINUTES);
    events.sale(BAR, tenMinutesAgo, line("beer", 1, 450));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(activity().getInt("salesLastHour"))
        .isEqualTo(1));

    AnalyticsEvents.Sent twice = events.sale(BAR, now, line("beer", 1, 450));
    events.sale(BAR, now, line("beer", 2, 450));
    events.sale(BAR, now.minusSeconds(30), line("chips", 1, 300));
    events.redeliver(twice);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonPath a = activity();
      assertThat(a.getInt("salesLast5Min")).isEqualTo(3);
      assertThat(a.getInt("salesLastHour")).isEqualTo(4);
      assertThat(Instant.parse(a.getString("lastSaleAt"))).isEqualTo(now.truncatedTo(ChronoUnit.MILLIS));
      assertThat(a.getInt("suggestedPollSeconds")).isEqualTo(30);
    });
    assertThat(DailyFiguresTest.metric("analytics_activity_events_total{outcome=\"duplicate\"}")).isPositive();

    double dropped = DailyFiguresTest.metric("analytics_activity_dropped_total");
    events.sale(BAR, now.minus(40, ChronoUnit.MINUTES), line("beer", 1, 450)); // later than the 2 min grace
    for (int i = 0; i < 8; i++) {
      events.sale(BAR, Instant.now(), line("beer", 1, 450));
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonPath a = activity();
      assertThat(a.getInt("salesLast5Min")).isEqualTo(11);
      assertThat(a.getInt("suggestedPollSeconds")).isEqualTo(5);
      assertThat(a.getInt("salesLastHour")).isEqualTo(12);
      assertThat(DailyFiguresTest.metric("analytics_activity_dropped_total")).isGreaterThan(dropped);
    });

    given().get("/q/health/ready").then().statusCode(200);
  }

  @Test
  void shouldAnswerZeroForALocationWithoutSales() {
    JsonPath a = given().auth().oauth2(TestTokens.staff("quiet-shop"))
        .get("/analytics/locations/quiet-shop/activity").then().statusCode(200).extract().jsonPath();

    assertThat(a.getInt("salesLast5Min")).isZero();
    assertThat(a.getInt("salesLastHour")).isZero();
    assertThat(a.getString("lastSaleAt")).isNull();
    assertThat(a.getInt("suggestedPollSeconds")).isEqualTo(30);
  }

  static JsonPath activity() {
    return given().auth().oauth2(TestTokens.staff(BAR)).get("/analytics/locations/" + BAR + "/activity")
        .then().statusCode(200).extract().jsonPath();
  }
}
