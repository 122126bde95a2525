package shop.cart.api;

import java.time.Instant;

/** One event of a cart's history (audit trail). */
public record HistoryEntry(String id, String type, long version, Instant occurredAt, Object data) {
}
