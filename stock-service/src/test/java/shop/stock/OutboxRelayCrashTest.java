package shop.stock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.events.EventTypes;
import shop.events.StockKey;
import shop.events.Topics;
import shop.platform.outbox.OutboxRelay;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.KafkaTopicReader;
import shop.testsupport.KafkaTopicReader.Received;
import shop.testsupport.PostgresDatabaseResource;

/**
 * The relay is stopped between the commit and the publish (as if the process died there): the sale is committed and
 * its events wait in the outbox; once a relay runs again (the relay keeps no state outside the table) they reach
 * Kafka with their CloudEvents headers, and the outbox is cleaned up.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class OutboxRelayCrashTest {
  @Inject
  OutboxRelay relay;
  @Inject
  Pool pool;

  @AfterEach
  void restartRelay() {
    relay.start();
  }

  @Test
  void shouldPublishCommittedEventsAfterTheRelayComesBack() {
    String bar = StockApi.createLocation();
    String beer = StockApi.createProduct(450);
    StockApi.count(bar, beer, 5);
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);

    // given the relay is down right after the commit
    relay.stop();
    String saleId = given().contentType(ContentType.JSON).body(StockApi.items(beer, "2"))
        .post("/locations/" + bar + "/sales").then().statusCode(201).extract().path("id");
    assertThat(outboxRows(saleId)).as("sale event committed in the outbox").isEqualTo(1);

    try (KafkaTopicReader reader = new KafkaTopicReader(bootstrap, Topics.SALE_EVENTS, Topics.STOCK_EVENTS)) {
      assertThat(reader.pollFor(Duration.ofSeconds(2))).noneMatch(r -> saleId.equals(r.key()));

      // when a relay runs again
      relay.start();

      // then the events are on Kafka with the CloudEvents binary-mode headers
      List<Received> records = reader.pollUntil(seen -> seen.stream().anyMatch(r -> saleId.equals(r.key()))
          && seen.stream().anyMatch(r -> StockKey.of(bar, beer).equals(r.key()) && r.value().contains(saleId)),
          Duration.ofSeconds(20));
      Received sale = records.stream().filter(r -> saleId.equals(r.key())).findFirst().orElseThrow();
      assertThat(sale.header("ce_type")).isEqualTo(EventTypes.SALE_COMPLETED);
      assertThat(sale.header("ce_source")).isEqualTo("/stock-service");
      assertThat(sale.header("ce_subject")).isEqualTo(saleId);
      assertThat(sale.header("ce_specversion")).isEqualTo("1.0");
      assertThat(sale.header("ce_id")).hasSize(36);
      assertThat(sale.header("ce_time")).isNotBlank();
      assertThat(sale.value()).contains("\"saleId\":\"" + saleId + "\"");
      Received stock = records.stream()
          .filter(r -> r.key().equals(StockKey.of(bar, beer)) && r.value().contains(saleId)).findFirst()
          .orElseThrow();
      assertThat(stock.header("ce_type")).isEqualTo(EventTypes.STOCK_CHANGED);
      assertThat(stock.header("ce_sequence")).isEqualTo("2");
      assertThat(stock.value()).contains("\"onHand\":3", "\"delta\":-2", "\"reason\":\"sale\"");
    }
    // and the published rows are gone
    await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows(saleId) == 0);
  }

  private long outboxRows(String subject) {
    return pool.preparedQuery("select count(*) from outbox where subject = $1").execute(Tuple.of(subject))
        .await().indefinitely().iterator().next().getLong(0);
  }
}
