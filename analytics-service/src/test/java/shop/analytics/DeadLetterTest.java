package shop.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static shop.analytics.AnalyticsEvents.line;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import shop.events.EventTypes;
import shop.events.Topics;
import shop.platform.Json;
import shop.testsupport.CloudEventProducer;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.KafkaTopicReader;
import shop.testsupport.KafkaTopicReader.Received;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.TestTokens;

/**
 * Records the figures cannot use go to the topic's dead-letter topic one by one, whether unreadable or refused by
 * PostgreSQL, and the good events around them are applied.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "analytics_test"))
@WithTestResource(KafkaBrokerResource.class)
class DeadLetterTest {
  static final String SHOP = "poison-shop";

  @Inject
  Json json;

  @Test
  void shouldDeadLetterWhatItCannotUseAndApplyTheRest() {
    AnalyticsEvents events = new AnalyticsEvents(json);
    events.location(SHOP, "UTC");
    Instant at = Instant.parse("2026-07-01T12:00:00Z");
    CloudEventProducer.publish(Topics.SALE_EVENTS, "poison-1", EventTypes.SALE_COMPLETED, "{not json");
    CloudEventProducer.publish(Topics.SALE_EVENTS, "poison-2", EventTypes.SALE_COMPLETED,
        "{\"saleId\":\"poison-2\",\"locationId\":\"" + SHOP + "\",\"items\":[],\"total\":{\"amount\":1,"
            + "\"currency\":\"EUR\"},\"createdAt\":\"2026-07-01T12:00:00Z\"}"); // no items
    // a currency PostgreSQL refuses (a NUL byte): the batch is applied one by one and only this one dead-lettered
    events.send(Topics.SALE_EVENTS, "poison-3", new shop.events.SaleEvent.Completed("poison-3", SHOP,
        List.of(line("beer", 1, 450)), new shop.events.Money(450, "EU\u0000"), at), at);
    for (int i = 0; i < 5; i++) {
      events.sale(SHOP, at, line("beer", 1, 450));
    }

    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> given().auth().oauth2(TestTokens.admin())
        .get("/analytics/daily?locationId=" + SHOP + "&from=2026-07-01&to=2026-07-01").then().statusCode(200)
        .extract().jsonPath().getInt("items[0].orders") == 5);
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    try (KafkaTopicReader reader = new KafkaTopicReader(bootstrap, Topics.deadLetter(Topics.SALE_EVENTS))) {
      List<String> dead = reader.pollUntil(seen -> seen.stream().filter(r -> r.key().startsWith("poison-"))
          .count() >= 3, Duration.ofSeconds(20)).stream().map(Received::key)
          .filter(k -> k.startsWith("poison-")).toList();
      assertThat(dead).containsExactlyInAnyOrder("poison-1", "poison-2", "poison-3");
    }
    assertThat(DailyFiguresTest.metric("analytics_sale_events_total{outcome=\"dead-letter\"}")).isEqualTo(3);
  }
}
