package shop.platform.outbox;

/**
 * One event to publish: the Kafka topic and key, the CloudEvents type, subject (aggregate id) and sequence (aggregate
 * version, null when the aggregate is not versioned), and the payload record (serialized to JSON).
 */
public record OutboxEvent(String topic, String key, String type, String subject, Long sequence, Object payload) {
}
