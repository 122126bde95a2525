package shop.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness of the outbox relay: DOWN when it no longer makes progress (a batch running far past its publish timeout,
 * or no batch ended for a while), so the orchestrator restarts a process whose committed events would otherwise never
 * be published. Kafka being away is not a reason: the relay still ends its batches as failures, and the events wait
 * safely in the outbox.
 */
@Liveness
@ApplicationScoped
public class OutboxRelayLiveness implements HealthCheck {
  private final OutboxRelay relay;

  public OutboxRelayLiveness(OutboxRelay relay) {
    this.relay = relay;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("Outbox relay").status(relay.live()).build();
  }
}
