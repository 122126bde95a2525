package shop.platform.messaging;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports Kafka on readiness within two seconds, and never takes the service out of rotation for it: a command's
 * events wait safely in the outbox and the read side answers from PostgreSQL while the broker is away (see the
 * README, "Kafka away"). Replaces Quarkus' own check, which waits 60 s on a dead broker and stays DOWN for good once
 * its admin client's thread has exited; this one builds a new client after any failure.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {
  private final KafkaConnection kafka;
  private Admin admin;

  public KafkaReadiness(KafkaConnection kafka) {
    this.kafka = kafka;
  }

  @Override
  public synchronized HealthCheckResponse call() {
    var response = HealthCheckResponse.named("Kafka").up();
    try {
      if (admin == null) {
        admin = Admin.create(kafka.with(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000)));
      }
      int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(1500)).nodes()
          .get(2, TimeUnit.SECONDS).size();
      return response.withData("kafka", "up").withData("brokers", brokers).build();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      close();
      return response.withData("kafka", "unreachable (events wait in the outbox; reads are served)").build();
    }
  }

  @PreDestroy
  synchronized void close() {
    if (admin != null) {
      admin.close(java.time.Duration.ZERO);
      admin = null;
    }
  }
}
