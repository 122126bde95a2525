package shop.stock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import shop.events.Topics;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.KafkaTopicReader;
import shop.testsupport.KafkaTopicReader.Received;
import shop.testsupport.PostgresDatabaseResource;

/** One trace from the HTTP request, through the outbox and the relay, to the Kafka record's traceparent. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class TracePropagationTest {
  @Inject
  InMemorySpanExporter spans;

  @Test
  void shouldCarryTheRequestTraceToTheKafkaRecord() {
    StockApi.Shelf shelf = StockApi.shelf(450, 5);
    String saleId = given().contentType(ContentType.JSON).body(StockApi.items(shelf.product(), "1"))
        .post("/locations/" + shelf.location() + "/sales").then().statusCode(201).extract().path("id");

    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    Received record;
    try (KafkaTopicReader reader = new KafkaTopicReader(bootstrap, Topics.SALE_EVENTS)) {
      record = reader.pollUntil(seen -> seen.stream().anyMatch(r -> saleId.equals(r.key())), Duration.ofSeconds(20))
          .stream().filter(r -> saleId.equals(r.key())).findFirst().orElseThrow();
    }
    String traceId = record.header("traceparent").split("-")[1];

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
        .filteredOn(s -> s.getTraceId().equals(traceId))
        .extracting(SpanData::getKind)
        .contains(SpanKind.SERVER, SpanKind.PRODUCER));
    SpanData server = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(traceId) && s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    assertThat(server.getName()).contains("/locations/{locationId}/sales");
  }
}
