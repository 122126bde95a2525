package shop.stock.messaging;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;

import shop.events.EventCatalog;
import shop.events.EventTypes;
import shop.events.OrderEvent;
import shop.platform.Json;
import shop.platform.command.CommandRunner;
import shop.platform.messaging.EventConsumers;
import shop.stock.service.ReservationService;

/**
 * Reserves, commits, releases and fulfils stock as orders move ({@code order-events}, group {@code stock-service}).
 * Each record is one transaction with the commands' lock and statement timeouts: a lock timeout (a busy product)
 * fails the record, which is retried, never dead-lettered; only an unreadable or invalid record goes to
 * {@code order-events.dlq}. Idempotent: see {@link ReservationService}.
 */
@ApplicationScoped
public class OrderEventsConsumer {
  public static final String CHANNEL = "order-events";
  private static final Set<String> HANDLED = Set.of(EventTypes.ORDER_PLACED, EventTypes.ORDER_CONFIRMED,
      EventTypes.ORDER_REJECTED, EventTypes.ORDER_CANCELLED, EventTypes.ORDER_FULFILLED);

  private final ReservationService reservations;
  private final CommandRunner runner;
  private final Json json;
  private final EventConsumers consumers;

  public OrderEventsConsumer(ReservationService reservations, CommandRunner runner, Json json,
      EventConsumers consumers) {
    this.reservations = reservations;
    this.runner = runner;
    this.json = json;
    this.consumers = consumers;
  }

  @Incoming(CHANNEL)
  public Uni<Void> consume(Message<String> message) {
    return consumers.process(message, HANDLED, "stock.order.events", (type, payload) -> {
      OrderEvent event = json.read(payload, EventCatalog.payloadOf(type, OrderEvent.class));
      if (event.orderId() == null) {
        throw new IllegalArgumentException(type + " without an orderId");
      }
      return runner.runJob(conn -> {
        if (event instanceof OrderEvent.Placed e) {
          return reservations.place(conn, e);
        }
        if (event instanceof OrderEvent.Confirmed) {
          return reservations.confirm(conn, event.orderId());
        }
        if (event instanceof OrderEvent.Fulfilled e) {
          return reservations.fulfil(conn, e.orderId(),
              e.fulfilledAt() == null ? EventConsumers.eventTime(message) : e.fulfilledAt());
        }
        // rejected or cancelled: whatever is held goes back
        return reservations.release(conn, event.orderId());
      });
    });
  }
}
