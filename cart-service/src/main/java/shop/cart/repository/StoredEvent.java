package shop.cart.repository;

import java.time.Instant;
import java.util.UUID;

import shop.events.CartEvent;

/** An event as stored in the event store: its id, the cart's version after it, its type, payload and metadata. */
public record StoredEvent(UUID eventId, String cartId, long version, String type, CartEvent event, String metadata,
    Instant occurredAt) {
}
