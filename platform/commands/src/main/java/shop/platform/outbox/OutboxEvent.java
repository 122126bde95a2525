package shop.platform.outbox;

import java.util.UUID;

/**
 * One event to publish: the Kafka topic and key, the CloudEvents type, subject (aggregate id) and sequence (aggregate
 * version, null when the aggregate is not versioned), and the payload record (serialized to JSON). {@code id} is its
 * {@code ce_id}: null for a new event (a random one is given); an event published again (a stored outcome answered
 * to a redelivered request) keeps the id it had, so consumers recognise it.
 */
public record OutboxEvent(UUID id, String topic, String key, String type, String subject, Long sequence,
    Object payload) {

  /** A new event. */
  public OutboxEvent(String topic, String key, String type, String subject, Long sequence, Object payload) {
    this(null, topic, key, type, subject, sequence, payload);
  }

  /** The same event with this {@code ce_id}. */
  public OutboxEvent withId(UUID eventId) {
    return new OutboxEvent(eventId, topic, key, type, subject, sequence, payload);
  }
}
