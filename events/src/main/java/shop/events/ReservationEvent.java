package shop.events;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Events of an order's stock reservation on {@code reservation-events} (key = orderId), from stock-service (decision
 * 0006; issue 11, not produced yet). A duplicate {@code order.placed.v1} re-publishes the stored outcome with its
 * original {@code ce_id}.
 */
public sealed interface ReservationEvent permits ReservationEvent.Confirmed, ReservationEvent.Rejected,
    ReservationEvent.Released, ReservationEvent.Expired {

  String orderId();

  /** {@code reservation.confirmed.v1}: every line held; released at {@code expiresAt} unless the order confirms. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Confirmed(String orderId, String locationId, List<ReservedLine> lines, Instant expiresAt)
      implements
        ReservationEvent {
  }

  /**
   * {@code reservation.rejected.v1}: nothing held; {@code reason} {@code insufficient-stock} (every short line) or
   * {@code too-late} (the order's {@code reserveBy} had passed).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Rejected(String orderId, String locationId, String reason, List<StockShortfall> shortfalls)
      implements
        ReservationEvent {
  }

  /** {@code reservation.released.v1}: the units of a cancelled order are available again. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Released(String orderId, String locationId, List<ReservedLine> lines) implements ReservationEvent {
  }

  /** {@code reservation.expired.v1}: never committed by {@code expiresAt}; the units are available again. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Expired(String orderId, String locationId, List<ReservedLine> lines, Instant expiredAt)
      implements
        ReservationEvent {
  }
}
