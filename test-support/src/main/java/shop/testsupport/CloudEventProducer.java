package shop.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Publishes records to the real test broker as the services do: binary CloudEvents (ce_* headers) with a JSON body,
 * key = aggregate id. A null type sends a bare record (no CloudEvents headers), as a foreign producer might.
 */
public final class CloudEventProducer {
  private static KafkaProducer<String, String> producer;

  private CloudEventProducer() {
  }

  public static synchronized void publish(String topic, String key, String type, String payload) {
    publish(topic, key, type, null, payload);
  }

  /** @param sequence the aggregate version for {@code ce_sequence}, or null */
  public static void publish(String topic, String key, String type, Long sequence, String payload) {
    publishWithId(topic, key, type, sequence, UUID.randomUUID().toString(), payload);
  }

  /** With the given {@code ce_id}: publishing twice with the same id is a redelivery of one event. */
  public static void publishWithId(String topic, String key, String type, Long sequence, String id,
      String payload) {
    publishAt(topic, key, type, sequence, id, Instant.now(), payload);
  }

  /** With the given {@code ce_id} and {@code ce_time} (when the event happened: late or out of order on purpose). */
  public static synchronized void publishAt(String topic, String key, String type, Long sequence, String id,
      Instant time, String payload) {
    if (producer == null) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
          ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      producer = new KafkaProducer<>(p);
    }
    ProducerRecord<String, String> r = new ProducerRecord<>(topic, key, payload);
    if (type != null) {
      r.headers().add("ce_specversion", b("1.0")).add("ce_id", b(id))
          .add("ce_type", b(type)).add("ce_source", b("/test")).add("ce_subject", b(key))
          .add("ce_time", b(time.toString())).add("content-type", b("application/json"));
      if (sequence != null) {
        r.headers().add("ce_sequence", b(String.valueOf(sequence)));
      }
    }
    try {
      producer.send(r).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
