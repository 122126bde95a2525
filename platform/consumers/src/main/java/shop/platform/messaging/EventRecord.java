package shop.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/**
 * One event as a projection needs it, whether it came through the live channel or a rebuild's replay: the CloudEvent
 * id, type, {@code ce_sequence} as sent (null when absent; read by {@link #requireSequence()}, so that building a
 * record never fails and a bad value dead-letters the record like any other unreadable part), time and JSON payload.
 */
public record EventRecord(String id, String type, String sequence, Instant time, String payload) {

  /** From a live channel's message (binary CloudEvent). */
  public static EventRecord of(Message<String> message) {
    var ce = message.getMetadata(IncomingCloudEventMetadata.class).map(m -> (IncomingCloudEventMetadata<?>) m);
    return new EventRecord(ce.map(IncomingCloudEventMetadata::getId).orElse(null),
        ce.map(IncomingCloudEventMetadata::getType).orElse(null),
        ce.flatMap(m -> m.<Object>getExtension("sequence")).map(Object::toString).orElse(null),
        EventConsumers.eventTime(message), message.getPayload());
  }

  /** From a raw record read back by a rebuild. */
  public static EventRecord of(ConsumerRecord<String, String> record) {
    return of(record.headers(), record.value(), Instant.ofEpochMilli(record.timestamp()));
  }

  /** From a record of a batch. */
  public static EventRecord of(KafkaRecord<String, String> record) {
    return of(record.getHeaders(), record.getPayload(), record.getTimestamp());
  }

  /**
   * From the {@code ce_*} headers of a binary-mode record; the record's timestamp stands in for a missing
   * {@code ce_time}. Fails only on a {@code ce_time} that is not a timestamp.
   */
  static EventRecord of(Headers headers, String value, Instant recordTime) {
    String time = header(headers, "ce_time");
    Instant at;
    try {
      at = time == null ? recordTime : OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("unreadable ce_time " + time);
    }
    return new EventRecord(header(headers, "ce_id"), header(headers, "ce_type"), header(headers, "ce_sequence"), at,
        value);
  }

  /** The aggregate version this event carries; fails (→ dead letter) when it has none. */
  public long requireSequence() {
    if (sequence == null) {
      throw new IllegalArgumentException(type + " without ce_sequence");
    }
    try {
      return Long.parseLong(sequence);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unreadable ce_sequence " + sequence);
    }
  }

  private static String header(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
