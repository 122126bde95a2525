package shop.stock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import shop.events.StockKey;
import shop.events.Topics;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.KafkaTopicReader;
import shop.testsupport.KafkaTopicReader.Received;
import shop.testsupport.PostgresDatabaseResource;

/**
 * Concurrent mixed load (sales, returns, receipts) across several products and locations: the final on-hand equals
 * initial + received + returned - sold exactly, and the stock.changed deltas that reached Kafka add up to it, with
 * contiguous versions in order per key.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class ConservationTest {
  static final int INITIAL = 60;
  final ObjectMapper json = new ObjectMapper();
  final Map<String, LongAdder> sold = new ConcurrentHashMap<>();
  final Map<String, LongAdder> received = new ConcurrentHashMap<>();
  final Map<String, LongAdder> returned = new ConcurrentHashMap<>();
  final List<String[]> saleLines = Collections.synchronizedList(new ArrayList<>()); // location, sale, product

  @Test
  void shouldConserveStockExactlyUnderConcurrentMixedLoad() throws Exception {
    // given 2 locations x 4 products, 60 of each
    List<String> locations = List.of(StockApi.createLocation(), StockApi.createLocation());
    List<String> products = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      products.add(StockApi.createProduct(300 + i));
    }
    for (String l : locations) {
      for (String p : products) {
        StockApi.count(l, p, INITIAL);
      }
    }
    // when 8 clients run 40 random operations each
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> work = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      work.add(pool.submit(() -> {
        for (int op = 0; op < 40; op++) {
          randomOperation(locations, products);
        }
      }));
    }
    for (Future<?> f : work) {
      f.get();
    }
    pool.shutdown();

    // then every level is exactly what the accepted operations say
    Map<String, Long> expected = new HashMap<>();
    for (String l : locations) {
      for (String p : products) {
        String key = StockKey.of(l, p);
        long want = INITIAL + total(received, key) + total(returned, key) - total(sold, key);
        assertThat(StockApi.onHand(l, p)).as(key).isEqualTo(want).isNotNegative();
        expected.put(key, want);
      }
    }
    assertThat(total(sold)).as("the load really sold something").isPositive();

    // and Kafka received every change once, in order, adding up to the same levels
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    try (KafkaTopicReader reader = new KafkaTopicReader(bootstrap, Topics.STOCK_EVENTS)) {
      List<Received> records = reader.pollUntil(seen -> sums(seen, expected.keySet()).equals(expected),
          Duration.ofSeconds(30));
      assertThat(sums(records, expected.keySet())).isEqualTo(expected);
      for (String key : expected.keySet()) {
        List<Long> versions = records.stream().filter(r -> key.equals(r.key()))
            .sorted(java.util.Comparator.comparingLong(Received::offset))
            .map(r -> Long.parseLong(r.header("ce_sequence"))).distinct().toList();
        assertThat(versions).as("versions of %s in partition order", key).isSorted();
        assertThat(versions.get(versions.size() - 1)).isEqualTo(versions.size());
      }
    }
  }

  private void randomOperation(List<String> locations, List<String> products) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    String loc = locations.get(rnd.nextInt(locations.size()));
    int kind = rnd.nextInt(10);
    if (kind < 6) {
      List<String> picked = new ArrayList<>(products);
      Collections.shuffle(picked);
      List<String> pairs = new ArrayList<>();
      for (String p : picked.subList(0, 1 + rnd.nextInt(3))) {
        pairs.add(p);
        pairs.add(String.valueOf(1 + rnd.nextInt(3)));
      }
      Response r = given().contentType(ContentType.JSON).body(StockApi.items(pairs.toArray(String[]::new)))
          .post("/locations/" + loc + "/sales");
      if (r.statusCode() == 201) {
        JsonPath body = r.jsonPath();
        List<Map<String, Object>> lines = body.getList("items");
        for (Map<String, Object> line : lines) {
          String key = StockKey.of(loc, (String) line.get("productId"));
          sold.computeIfAbsent(key, k -> new LongAdder()).add(((Number) line.get("quantity")).longValue());
          saleLines.add(new String[]{loc, body.getString("id"), (String) line.get("productId")});
        }
      } else {
        assertThat(r.statusCode()).isIn(409);
      }
    } else if (kind < 8) {
      String p = products.get(rnd.nextInt(products.size()));
      int q = 1 + rnd.nextInt(5);
      given().contentType(ContentType.JSON).body("{\"quantity\":" + q + "}")
          .post("/locations/" + loc + "/stock/" + p + "/receipts").then().statusCode(200);
      received.computeIfAbsent(StockKey.of(loc, p), k -> new LongAdder()).add(q);
    } else {
      String[] line;
      synchronized (saleLines) {
        if (saleLines.isEmpty()) {
          return;
        }
        line = saleLines.get(rnd.nextInt(saleLines.size()));
      }
      Response r = given().contentType(ContentType.JSON).body(StockApi.items(line[2], "1"))
          .post("/locations/" + line[0] + "/sales/" + line[1] + "/returns");
      if (r.statusCode() == 201) {
        returned.computeIfAbsent(StockKey.of(line[0], line[2]), k -> new LongAdder()).add(1);
      } else {
        assertThat(r.statusCode()).isEqualTo(409); // already fully returned
      }
    }
  }

  private Map<String, Long> sums(List<Received> records, Set<String> keys) {
    Map<String, Long> sums = new HashMap<>();
    Set<String> seenIds = new java.util.HashSet<>();
    for (Received r : records) {
      if (keys.contains(r.key()) && seenIds.add(r.header("ce_id"))) {
        sums.merge(r.key(), delta(r.value()), Long::sum);
      }
    }
    return sums;
  }

  private long delta(String value) {
    try {
      JsonNode node = json.readTree(value);
      return node.get("delta").asLong();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long total(Map<String, LongAdder> m, String key) {
    LongAdder a = m.get(key);
    return a == null ? 0 : a.sum();
  }

  private static long total(Map<String, LongAdder> m) {
    return m.values().stream().mapToLong(LongAdder::sum).sum();
  }
}
