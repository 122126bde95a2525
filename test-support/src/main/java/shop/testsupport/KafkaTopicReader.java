package shop.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning with a plain Kafka consumer, for asserting what really reached the broker. */
public final class KafkaTopicReader implements AutoCloseable {

  /** A consumed record with its headers decoded as UTF-8 strings. */
  public record Received(String topic, int partition, long offset, String key, String value,
      Map<String, String> headers) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  private final KafkaConsumer<String, String> consumer;
  private final List<Received> seen = new ArrayList<>();

  public KafkaTopicReader(String bootstrapServers, String... topics) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumer = new KafkaConsumer<>(p);
    consumer.subscribe(List.of(topics));
  }

  /** Polls until {@code done} holds for the records seen so far (all of them since creation), or the timeout. */
  public List<Received> pollUntil(Predicate<List<Received>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(seen) && System.nanoTime() < deadline) {
      pollOnce();
    }
    return List.copyOf(seen);
  }

  /**
   * Polls until every partition assigned has been read up to the end it had when first assigned (what the topics
   * held when this reader joined), or the timeout; returns everything seen.
   */
  public List<Received> readToEnd(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<TopicPartition, Long> ends = Map.of();
    while (System.nanoTime() < deadline) {
      pollOnce();
      Set<TopicPartition> assigned = consumer.assignment();
      if (assigned.isEmpty()) {
        continue;
      }
      if (!ends.keySet().equals(assigned)) {
        ends = consumer.endOffsets(assigned);
      }
      if (ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
        break;
      }
    }
    return List.copyOf(seen);
  }

  private void pollOnce() {
    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
      Map<String, String> headers = new HashMap<>();
      for (Header h : r.headers()) {
        headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
      }
      seen.add(new Received(r.topic(), r.partition(), r.offset(), r.key(), r.value(), headers));
    }
  }

  /** Polls for the given time and returns everything seen. */
  public List<Received> pollFor(Duration duration) {
    return pollUntil(s -> false, duration);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
