package shop.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static shop.analytics.AnalyticsEvents.line;
import static shop.analytics.AnalyticsEvents.orderLine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import shop.platform.Json;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.Metrics;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.TestTokens;

/**
 * Reconciliation: a known sequence of events (POS sales, a return, orders confirmed, cancelled and rejected, an
 * order's fulfilment, carts, redeliveries, a late event) over the day Paris moves to summer time, and every figure
 * checked exactly, per local day, and the top products over the range.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "analytics_test"))
@WithTestResource(KafkaBrokerResource.class)
class DailyFiguresTest {
  static final String BAR = "dst-bar";

  @Inject
  Json json;

  AnalyticsEvents events;

  @BeforeEach
  void setUp() {
    events = new AnalyticsEvents(json);
  }

  static Instant at(String utc) {
    return Instant.parse(utc);
  }

  @Test
  void shouldCountEveryFigureOfEachLocalDayExactlyAcrossADstChange() {
    events.location(BAR, "Europe/Paris");
    // 29 March 2026, Paris: 00:00 is 23:00Z the day before; from 02:00 local (01:00Z) the offset is +2
    AnalyticsEvents.Sent first = events.sale(BAR, at("2026-03-28T23:30:00Z"), line("beer", 2, 250)); // 00:30 local
    events.sale(BAR, at("2026-03-29T21:30:00Z"), line("chips", 1, 300), line("beer", 1, 250)); // 23:30 local
    events.sale(BAR, at("2026-03-29T22:30:00Z"), line("beer", 1, 250)); // 00:30 on the 30th
    events.redeliver(first); // the relay sent it twice
    events.sale(BAR, at("2026-03-29T10:00:00Z"), line("beer", 1, 250)); // late: after a later sale
    events.saleReturn(BAR, at("2026-03-30T09:00:00Z"), line("beer", 1, 250));

    String o1 = events.order(BAR, at("2026-03-29T08:00:00Z"), orderLine("tea", 3, 400));
    events.confirmed(o1, BAR, at("2026-03-29T08:01:00Z"));
    events.fulfilment(BAR, o1, at("2026-03-30T08:00:00Z"), line("tea", 3, 400)); // counted at its confirmation
    String o2 = events.order(BAR, at("2026-03-29T09:00:00Z"), orderLine("tea", 1, 400));
    events.confirmed(o2, BAR, at("2026-03-29T09:00:30Z"));
    events.cancelled(o2, BAR, at("2026-03-30T10:00:00Z")); // taken back on the 30th
    String o3 = events.order(BAR, at("2026-03-29T11:00:00Z"), orderLine("tea", 5, 400));
    events.rejected(o3, BAR, at("2026-03-29T11:02:00Z")); // never counted

    AnalyticsEvents.Sent c1 = events.cart("c1-" + o1, BAR, at("2026-03-29T07:00:00Z"));
    events.redeliver(c1);
    events.checkedOut(c1.key(), at("2026-03-29T08:01:00Z"));
    events.cart("c2-" + o1, BAR, at("2026-03-29T12:00:00Z"));
    events.abandoned("c2-" + o1, at("2026-03-29T20:00:00Z"));
    events.abandoned("c2-" + o1, at("2026-03-29T20:05:00Z")); // a cart ends once
    events.cart("c3-" + o1, BAR, at("2026-03-29T13:00:00Z"));
    events.cart("c4-" + o1, BAR, at("2026-03-30T09:00:00Z"));
    events.abandoned("c4-" + o1, at("2026-03-30T10:00:00Z"));

    Map<String, Object> day29 = Map.ofEntries(Map.entry("date", "2026-03-29"), Map.entry("orders", 5),
        Map.entry("revenue", Map.of("amount", 2900, "currency", "EUR")),
        Map.entry("averageOrderValue", Map.of("amount", 580, "currency", "EUR")), Map.entry("itemsPerOrder", 1.8f),
        Map.entry("cartsCreated", 3), Map.entry("cartsCheckedOut", 1), Map.entry("cartsAbandoned", 1),
        Map.entry("abandonmentRate", 0.5f), Map.entry("conversionRate", 0.3333f));
    Map<String, Object> day30 = Map.ofEntries(Map.entry("date", "2026-03-30"), Map.entry("orders", 0),
        Map.entry("revenue", Map.of("amount", -400, "currency", "EUR")), Map.entry("cartsCreated", 1),
        Map.entry("cartsCheckedOut", 0), Map.entry("cartsAbandoned", 1), Map.entry("abandonmentRate", 1.0f),
        Map.entry("conversionRate", 0.0f));

    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      JsonPath report = daily(BAR, "2026-03-28", "2026-03-30");
      assertThat(report.getString("timeZone")).isEqualTo("Europe/Paris");
      assertThat(report.getString("currency")).isEqualTo("EUR");
      assertThat(report.getList("items.date")).containsExactly("2026-03-28", "2026-03-29", "2026-03-30");
      assertThat(report.getInt("items[0].orders")).isZero(); // 23:30Z on the 28th is the 29th in Paris
      assertThat(report.getMap("items[1]")).containsAllEntriesOf(day29);
      assertThat(report.getMap("items[2]")).containsAllEntriesOf(day30);
      assertThat(report.getString("items[2].averageOrderValue")).isNull();
    });

    JsonPath byUnits = top(BAR, "2026-03-29", "2026-03-30", "units");
    assertThat(byUnits.getList("items.productId")).containsExactly("beer", "tea", "chips");
    assertThat(byUnits.getList("items.units", Integer.class)).containsExactly(4, 3, 1);
    assertThat(byUnits.getList("items.revenue.amount", Integer.class)).containsExactly(1000, 1200, 300);
    assertThat(byUnits.getList("items.rank", Integer.class)).containsExactly(1, 2, 3);
    JsonPath byRevenue = top(BAR, "2026-03-29", "2026-03-30", "revenue");
    assertThat(byRevenue.getList("items.productId")).containsExactly("tea", "beer", "chips");
    assertThat(top(BAR, "2026-03-28", "2026-03-28", "units").getList("items")).isEmpty();

    // redeliveries after the fact change nothing either
    double saleDuplicates = metric("analytics_sale_events_total{outcome=\"duplicate\"}");
    double cartDuplicates = metric("analytics_cart_events_total{outcome=\"duplicate\"}");
    events.redeliver(first);
    events.redeliver(c1);
    await().atMost(Duration.ofSeconds(30))
        .until(() -> metric("analytics_sale_events_total{outcome=\"duplicate\"}") > saleDuplicates
            && metric("analytics_cart_events_total{outcome=\"duplicate\"}") > cartDuplicates);
    assertThat(daily(BAR, "2026-03-29", "2026-03-29").getMap("items[0]")).containsAllEntriesOf(day29);
  }

  static double metric(String series) {
    return Metrics.value(given().get("/q/metrics").then().statusCode(200).extract().asString(), series);
  }

  JsonPath daily(String location, String from, String to) {
    return given().auth().oauth2(TestTokens.manager(location))
        .get("/analytics/daily?locationId=" + location + "&from=" + from + "&to=" + to)
        .then().statusCode(200).extract().jsonPath();
  }

  JsonPath top(String location, String from, String to, String by) {
    return given().auth().oauth2(TestTokens.manager(location))
        .get("/analytics/top-products?locationId=" + location + "&from=" + from + "&to=" + to + "&by=" + by)
        .then().statusCode(200).extract().jsonPath();
  }

}
