package shop.analytics.streams;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time for the live figures: the CloudEvent's {@code ce_time} (when the sale happened), not when the record
 * reached Kafka; the record's own timestamp when {@code ce_time} is missing or unreadable.
 */
public class EventTimeExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    Header h = record.headers().lastHeader("ce_time");
    if (h != null && h.value() != null) {
      try {
        return OffsetDateTime.parse(new String(h.value(), StandardCharsets.UTF_8)).toInstant().toEpochMilli();
      } catch (DateTimeParseException unreadable) {
        // fall through to the record's timestamp
      }
    }
    if (record.timestamp() >= 0) {
      return record.timestamp();
    }
    return partitionTime >= 0 ? partitionTime : System.currentTimeMillis(); // never a negative time (dropped)
  }
}
