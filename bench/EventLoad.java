import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A sustained, paced stream of stock.changed.v1 CloudEvents straight onto stock-events, as stock-service's relay
 * writes them (binary mode, ce_time = send time), to measure projection lag without the producer's own limits.
 *
 *   java -cp "deploy/local/kafka/target/lib/*" bench/EventLoad.java <bootstrap> <events/s> <seconds> <locations> <products>
 *
 * Versions start above anything stock-service wrote and follow on per level, so every event is applied, in order,
 * with no gap and no duplicate.
 */
public class EventLoad {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    int rate = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int locations = Integer.parseInt(args[3]);
    int products = Integer.parseInt(args[4]);
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("acks", "all");
    p.put("linger.ms", "0");
    long base = System.currentTimeMillis() * 10; // newer than any real version
    AtomicLong failed = new AtomicLong();
    long total = (long) rate * seconds;
    long start = System.nanoTime();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
        new StringSerializer())) {
      for (long i = 0; i < total; i++) {
        long due = start + i * 1_000_000_000L / rate;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        String location = "lag-loc-" + (i % locations);
        String product = "lag-product-" + ((i / locations) % products);
        long version = base + i / ((long) locations * products); // each level's versions follow on, no gaps
        long available = 1_000_000 - i;
        String payload = "{\"locationId\":\"" + location + "\",\"productId\":\"" + product + "\",\"onHand\":"
            + available + ",\"reserved\":0,\"available\":" + available + ",\"delta\":-1,\"reason\":\"sale\","
            + "\"reference\":\"bench\",\"version\":" + version + "}";
        String key = location + ":" + product;
        ProducerRecord<String, String> r = new ProducerRecord<>("stock-events", key, payload);
        r.headers().add("ce_specversion", b("1.0")).add("ce_id", b(UUID.randomUUID().toString()))
            .add("ce_type", b("stock.changed.v1")).add("ce_source", b("/bench")).add("ce_subject", b(key))
            .add("ce_time", b(Instant.now().toString())).add("ce_sequence", b(Long.toString(version)))
            .add("content-type", b("application/json"));
        producer.send(r, (m, e) -> {
          if (e != null) {
            failed.incrementAndGet();
          }
        });
      }
      producer.flush();
    }
    double took = (System.nanoTime() - start) / 1e9;
    System.out.printf("sent %d events in %.1f s (%.0f/s), %d failed%n", total, took, total / took, failed.get());
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
