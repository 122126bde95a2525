package shop.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

import shop.events.StockKey;
import shop.events.Topics;
import shop.platform.CommandConfig;
import shop.platform.TraceContext;
import shop.platform.outbox.OutboxRelay;
import shop.platform.outbox.OutboxRepository;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.KafkaTopicReader;
import shop.testsupport.KafkaTopicReader.Received;
import shop.testsupport.PostgresDatabaseResource;

/**
 * Two relays (as two instances would run) over one outbox: the advisory lock lets one publish at a time, so every
 * event reaches Kafka exactly once and each key's versions stay contiguous and in order.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class TwoRelaysTest {
  @Inject
  Pool pool;
  @Inject
  OutboxRepository outbox;
  @Inject
  @Channel("outbox")
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
  MutinyEmitter<String> emitter;
  @Inject
  CommandConfig config;
  @Inject
  Vertx vertx;
  @Inject
  MeterRegistry registry;
  @Inject
  TraceContext trace;

  @Test
  void shouldPublishEveryEventOnceInOrderWithTwoRelays() {
    OutboxRelay second = new OutboxRelay(pool, outbox, emitter, config, vertx, registry, trace);
    second.start();
    try {
      StockApi.Shelf a = StockApi.shelf(100, 10_000);
      String b = StockApi.createProduct(200);
      StockApi.count(a.location(), b, 10_000);
      List<CompletableFuture<HttpResponse<String>>> sales = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        sales.add(StockApi.postAsync("/locations/" + a.location() + "/sales",
            StockApi.items(a.product(), "1", b, "2"), null));
        if (i % 10 == 0) {
          second.wake(); // the other instance's relay competes for the lock
        }
      }
      assertThat(sales).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(201));

      String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
      Set<String> keys = Set.of(StockKey.of(a.location(), a.product()), StockKey.of(a.location(), b));
      try (KafkaTopicReader reader = new KafkaTopicReader(bootstrap, Topics.STOCK_EVENTS)) {
        // each key: 1 count + 150 sales
        reader.pollUntil(seen -> seen.stream().filter(r -> keys.contains(r.key())).count() >= 2 * 151,
            Duration.ofSeconds(30));
        // a duplicate would arrive right behind: keep reading a moment, and check everything read
        List<Received> records = reader.pollFor(Duration.ofSeconds(1));
        for (String key : keys) {
          List<Received> ofKey = records.stream().filter(r -> key.equals(r.key()))
              .sorted(Comparator.comparingLong(Received::offset)).toList();
          Set<String> ids = new HashSet<>();
          ofKey.forEach(r -> ids.add(r.header("ce_id")));
          assertThat(ids).as("no event published twice for %s", key).hasSize(ofKey.size());
          assertThat(ofKey).extracting(r -> Long.parseLong(r.header("ce_sequence")))
              .as("versions of %s in offset order", key).containsExactlyElementsOf(
                  java.util.stream.LongStream.rangeClosed(1, 151).boxed().toList());
        }
      }
    } finally {
      second.stop();
    }
  }
}
