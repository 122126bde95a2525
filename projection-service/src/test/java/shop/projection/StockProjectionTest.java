package shop.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import shop.events.EventTypes;
import shop.events.StockKey;
import shop.events.Topics;
import shop.testsupport.CloudEventProducer;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.KafkaTopicReader;
import shop.testsupport.KafkaTopicReader.Received;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.RedisServerResource;

/** The catalogue and stock read models, fed through the real broker: idempotent, gap-aware, poison-tolerant. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "projection_test"))
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(RedisServerResource.class)
class StockProjectionTest {

  static String id(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static void product(String id, String name, long version) {
    CloudEventProducer.publish(Topics.PRODUCT_EVENTS, id, version == 1
        ? EventTypes.PRODUCT_CREATED
        : EventTypes.PRODUCT_UPDATED, version,
        "{\"productId\":\"" + id + "\",\"sku\":\"sku-" + id + "\",\"name\":\""
            + name + "\",\"category\":\"beer\",\"price\":{\"amount\":450,\"currency\":\"EUR\"},\"active\":true,"
            + "\"version\":" + version + "}");
  }

  static void stock(String location, String product, long available, long version) {
    String key = StockKey.of(location, product);
    CloudEventProducer.publish(Topics.STOCK_EVENTS, key, EventTypes.STOCK_CHANGED, version, "{\"locationId\":\""
        + location + "\",\"productId\":\"" + product + "\",\"onHand\":" + available + ",\"reserved\":0,\"available\":"
        + available + ",\"delta\":-1,\"reason\":\"sale\",\"reference\":\"s\",\"version\":" + version + "}");
  }

  static long available(String location, String product) {
    List<Number> values = given().get("/locations/" + location + "/stock").then().statusCode(200).extract()
        .jsonPath().getList("findAll { it.productId == '" + product + "' }.available");
    return values.isEmpty() ? -1 : values.get(0).longValue();
  }

  @Test
  void shouldProjectStockWithNamesAndApplyEachVersionOnce() {
    String bar = id("bar");
    String beer = id("beer");
    product(beer, "Pils", 1);
    stock(bar, beer, 10, 1);
    stock(bar, beer, 9, 2);
    stock(bar, beer, 7, 3);
    await().atMost(Duration.ofSeconds(20)).until(() -> available(bar, beer) == 7);

    // a redelivered older event changes nothing
    stock(bar, beer, 9, 2);
    stock(bar, beer, 6, 4);
    await().atMost(Duration.ofSeconds(20)).until(() -> available(bar, beer) == 6);
    // product-events is another topic: its name arrives on its own schedule
    await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/locations/" + bar + "/stock").then().extract()
        .jsonPath().getList("name").contains("Pils"));

    given().get("/locations/" + bar + "/stock").then().statusCode(200)
        .body("productId", contains(beer), "name", contains("Pils"), "available", contains(6));
    given().get("/products/" + beer).then().statusCode(200)
        .body("name", equalTo("Pils"), "price.amount", equalTo(450), "stock.locationId", contains(bar),
            "stock.available", contains(6));
  }

  @Test
  void shouldDetectAGapAndStillApplyTheNewerLevel() {
    String bar = id("bar");
    String wine = id("wine");
    stock(bar, wine, 5, 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> available(bar, wine) == 5);
    double gapsBefore = gaps();
    stock(bar, wine, 3, 3); // version 2 never came
    await().atMost(Duration.ofSeconds(20)).until(() -> available(bar, wine) == 3);
    assertThat(gaps()).isEqualTo(gapsBefore + 1);
  }

  @Test
  void shouldDeadLetterPoisonAndKeepGoing() {
    String bar = id("bar");
    String beer = id("beer");
    String key = StockKey.of(bar, beer);
    CloudEventProducer.publish(Topics.STOCK_EVENTS, key, EventTypes.STOCK_CHANGED, "{not json");
    CloudEventProducer.publish(Topics.STOCK_EVENTS, key, null, "{}");
    stock(bar, beer, 4, 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> available(bar, beer) == 4);

    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    try (KafkaTopicReader reader = new KafkaTopicReader(bootstrap, Topics.deadLetter(Topics.STOCK_EVENTS))) {
      List<Received> dead = reader.pollUntil(seen -> seen.stream().filter(r -> key.equals(r.key())).count() >= 2,
          Duration.ofSeconds(20)).stream().filter(r -> key.equals(r.key()))
          .sorted(Comparator.comparingLong(Received::offset)).toList();
      assertThat(dead).extracting(Received::value).containsExactly("{not json", "{}");
    }
    assertThat(given().get("/q/metrics").then().extract().asString())
        .contains("projection_stock_events_total{outcome=\"dead-letter\"}");
  }

  @Test
  void shouldApplyABurstInBatchesOnceEachWithoutFalseGapsAndDeadLetterOnlyThePoison() {
    String bar = id("bar");
    String beer = id("beer");
    String wine = id("wine");
    double gapsBefore = gaps();
    double duplicatesBefore = outcome("duplicate");
    for (long v = 1; v <= 40; v++) {
      stock(bar, beer, 1000 - v, v);
      stock(bar, wine, 500 - v, v);
      if (v == 20) {
        CloudEventProducer.publish(Topics.STOCK_EVENTS, StockKey.of(bar, beer), EventTypes.STOCK_CHANGED, "{\"poison");
        for (long old = 10; old <= 19; old++) {
          stock(bar, beer, 1000 - old, old); // redelivered, interleaved with new ones
        }
      }
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> available(bar, beer) == 960 && available(bar, wine) == 460);
    assertThat(gaps()).as("consecutive versions inside a batch are no gap").isEqualTo(gapsBefore);
    assertThat(outcome("duplicate") - duplicatesBefore).isEqualTo(10);
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    try (KafkaTopicReader reader = new KafkaTopicReader(bootstrap, Topics.deadLetter(Topics.STOCK_EVENTS))) {
      assertThat(reader.pollUntil(seen -> seen.stream().anyMatch(r -> "{\"poison".equals(r.value())),
          Duration.ofSeconds(20))).anyMatch(r -> StockKey.of(bar, beer).equals(r.key()));
    }
  }

  @Test
  void shouldAnswerProblemJsonForAnUnknownProduct() {
    given().get("/products/nope").then().statusCode(404).contentType("application/problem+json")
        .body("code", equalTo("not-found"));
    given().get("/locations/nowhere/stock").then().statusCode(200).body("size()", equalTo(0));
  }

  private static double outcome(String outcome) {
    return count(registry().find("projection.stock.events").tag("outcome", outcome).counter());
  }

  private static double gaps() {
    return count(registry().find("projection.stock.gaps").counter());
  }

  private static MeterRegistry registry() {
    return Arc.container().instance(MeterRegistry.class).get();
  }

  private static double count(Counter counter) {
    return counter == null ? 0 : counter.count();
  }
}
