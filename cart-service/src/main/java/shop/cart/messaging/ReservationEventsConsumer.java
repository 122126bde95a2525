package shop.cart.messaging;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;

import shop.cart.service.OrderService;
import shop.events.EventCatalog;
import shop.events.EventTypes;
import shop.events.ReservationEvent;
import shop.platform.Json;
import shop.platform.command.CommandRunner;
import shop.platform.messaging.EventConsumers;

/**
 * Moves orders (and their carts) on stock-service's answers ({@code reservation-events}, group {@code cart-service}):
 * one transaction per record, with the commands' timeouts; idempotent ({@link OrderService#onReservation}). A record
 * that cannot be read goes to {@code reservation-events.dlq}; any other failure is retried.
 */
@ApplicationScoped
public class ReservationEventsConsumer {
  public static final String CHANNEL = "reservation-events";
  private static final Set<String> HANDLED = Set.of(EventTypes.RESERVATION_CONFIRMED,
      EventTypes.RESERVATION_REJECTED, EventTypes.RESERVATION_EXPIRED, EventTypes.RESERVATION_RELEASED);

  private final OrderService orders;
  private final CommandRunner runner;
  private final Json json;
  private final EventConsumers consumers;

  public ReservationEventsConsumer(OrderService orders, CommandRunner runner, Json json, EventConsumers consumers) {
    this.orders = orders;
    this.runner = runner;
    this.json = json;
    this.consumers = consumers;
  }

  @Incoming(CHANNEL)
  public Uni<Void> consume(Message<String> message) {
    return consumers.process(message, HANDLED, "cart.reservation.events", (type, payload) -> {
      ReservationEvent event = json.read(payload, EventCatalog.payloadOf(type, ReservationEvent.class));
      if (event.orderId() == null) {
        throw new IllegalArgumentException(type + " without an orderId");
      }
      return runner.runJob(conn -> orders.onReservation(conn, event));
    });
  }
}
