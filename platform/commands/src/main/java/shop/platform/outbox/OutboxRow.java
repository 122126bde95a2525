package shop.platform.outbox;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A stored outbox row, as read by the relay. */
public record OutboxRow(long id, UUID eventId, String topic, String key, String type, String subject, Long sequence,
    String payload, String traceparent, OffsetDateTime createdAt) {
}
