package shop.projection.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import shop.platform.messaging.EventConsumers;

/**
 * One event as a projection needs it, whether it came through the live channel or a rebuild's replay: the CloudEvent
 * id, type, {@code ce_sequence} (null when absent), time and JSON payload.
 */
public record EventRecord(String id, String type, Long sequence, Instant time, String payload) {

  /** From a live channel's message (binary CloudEvent). */
  public static EventRecord of(Message<String> message) {
    var ce = message.getMetadata(IncomingCloudEventMetadata.class).map(m -> (IncomingCloudEventMetadata<?>) m);
    return new EventRecord(ce.map(IncomingCloudEventMetadata::getId).orElse(null),
        ce.map(IncomingCloudEventMetadata::getType).orElse(null),
        ce.flatMap(m -> m.<Object>getExtension("sequence")).map(v -> parseSequence(v.toString())).orElse(null),
        EventConsumers.eventTime(message), message.getPayload());
  }

  /** From a raw record read back by a rebuild: the same {@code ce_*} headers, read directly. */
  public static EventRecord of(ConsumerRecord<String, String> record) {
    String sequence = header(record, "ce_sequence");
    String time = header(record, "ce_time");
    return new EventRecord(header(record, "ce_id"), header(record, "ce_type"),
        sequence == null ? null : parseSequence(sequence),
        time == null ? Instant.ofEpochMilli(record.timestamp()) : OffsetDateTime.parse(time).toInstant(),
        record.value());
  }

  /** The aggregate version this event carries; fails (→ dead letter) when it has none. */
  public long requireSequence() {
    if (sequence == null) {
      throw new IllegalArgumentException(type + " without ce_sequence");
    }
    return sequence;
  }

  private static long parseSequence(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unreadable ce_sequence " + s);
    }
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
