package shop.projection.api;

import java.time.Instant;

/** One pushed stock change of a location (the SSE event's data); its SSE id is {@code changedAt} in microseconds. */
public record StockChange(String productId, long available, long onHand, long version, Instant changedAt) {

  public String eventId() {
    return String.valueOf(changedAt.getEpochSecond() * 1_000_000 + changedAt.getNano() / 1_000);
  }
}
