package shop.platform.messaging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.annotation.Identifier;

/**
 * How the clients we create ourselves (readiness and lag admin clients, rebuild replays) reach Kafka: the same bootstrap
 * servers and security settings as the messaging channels, taken from Quarkus' {@code default-kafka-broker} map (every
 * {@code kafka.*} property and {@code KAFKA_*} variable). On Kubernetes that is SASL_SSL with each service's own
 * KafkaUser (k8s/README.md); locally PLAINTEXT.
 */
@ApplicationScoped
public class KafkaConnection {
  private static final List<String> CONNECTION_KEYS = List.of("bootstrap.servers", "security.protocol", "sasl.",
      "ssl.");
  private final Map<String, Object> settings = new HashMap<>();

  public KafkaConnection(@Identifier("default-kafka-broker") Map<String, Object> broker) {
    broker.forEach((key, value) -> {
      boolean connection = CONNECTION_KEYS.stream().anyMatch(key::startsWith);
      if (connection && value != null && !value.toString().isBlank()) {
        settings.put(key, value);
      }
    });
  }

  /** A new client's settings: how to connect, plus that client's own {@code extra} settings. */
  public Map<String, Object> with(Map<String, Object> extra) {
    Map<String, Object> all = new HashMap<>(settings);
    all.putAll(extra);
    return all;
  }
}
