package shop.platform.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Channel;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.OutgoingKafkaRecord;

/**
 * Dead letters for consumers that take records in batches, where the channel's own dead-letter strategy would send
 * the whole batch: one unreadable record goes to {@code <topic>.dlq} with its key, headers and the same
 * {@code dead-letter-*} headers SmallRye's strategy writes; the rest of the batch is applied.
 */
@ApplicationScoped
public class DeadLetters {
  private final MutinyEmitter<String> emitter;
  private final MeterRegistry registry;

  public DeadLetters(@Channel("dead-letters") MutinyEmitter<String> emitter, MeterRegistry registry) {
    this.emitter = emitter;
    this.registry = registry;
  }

  /**
   * Counts a record sent to a dead-letter topic: as an outcome of its consumer's own counter ({@code metric}) and in
   * {@code dead_letters_total{consumer=metric}}, the one series the DLQ alert watches.
   */
  static void count(MeterRegistry registry, String metric, String reason) {
    Log.warnf("%s: record to the dead-letter topic: %s", metric, reason);
    registry.counter(metric, "outcome", "dead-letter").increment();
    registry.counter("dead.letters", "consumer", metric).increment();
  }

  /** Sends the record to its topic's dead-letter topic; completes once Kafka has it. */
  public Uni<Void> send(KafkaRecord<String, String> record, String reason, String metric) {
    count(registry, metric, reason);
    OutgoingKafkaRecord<String, String> dead = KafkaRecord.of(record.getTopic() + ".dlq", record.getKey(),
        record.getPayload());
    for (Header h : record.getHeaders()) {
      dead = dead.withHeader(h.key(), h.value());
    }
    dead = dead.withHeader("dead-letter-reason", String.valueOf(reason))
        .withHeader("dead-letter-topic", record.getTopic())
        .withHeader("dead-letter-partition", String.valueOf(record.getPartition()));
    if (record instanceof IncomingKafkaRecord) {
      dead = dead.withHeader("dead-letter-offset", String.valueOf(((IncomingKafkaRecord<?, ?>) record).getOffset()));
    }
    return emitter.sendMessage(dead);
  }
}
