package shop.cart.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import shop.cart.api.CartView;
import shop.cart.api.HistoryEntry;
import shop.cart.domain.Cart;
import shop.cart.domain.ErrorCode;
import shop.cart.repository.CartEventStore;
import shop.cart.repository.StoredEvent;
import shop.events.CartEvent;
import shop.platform.Refusal;
import shop.platform.security.CartAccess;
import shop.platform.security.CartTokens;

/**
 * Strongly consistent reads of a cart from its event store: now, at a past version, and its history. Only for its
 * owner or its token holder ({@link CartAccess}); anyone else is told it does not exist.
 */
@ApplicationScoped
public class CartQueryService {
  private final CartEventStore store;
  private final Pool pool;
  private final CartTokens tokens;

  public CartQueryService(CartEventStore store, Pool pool, CartTokens tokens) {
    this.store = store;
    this.pool = pool;
    this.tokens = tokens;
  }

  public Uni<CartView> findCart(String cartId, CartAccess access) {
    return store.load(pool, cartId).map(cart -> {
      if (cart == null || !access.allows(cartId, cart.ownerId(), tokens)) {
        throw CartCommandService.notFound(cartId);
      }
      return CartView.of(cart);
    });
  }

  /** The cart as it was right after version {@code version} (replayed from its events, no snapshot). */
  public Uni<CartView> findCartAt(String cartId, long version, CartAccess access) {
    return store.history(pool, cartId, version).map(events -> {
      if (events.isEmpty() || !allows(access, cartId, events)) {
        throw CartCommandService.notFound(cartId);
      }
      if (events.size() < version) {
        throw new Refusal(ErrorCode.NOT_FOUND,
            "cart " + cartId + " has no version " + version + " (latest is " + events.size() + ")");
      }
      return CartView.of(Cart.replay(events.stream().map(StoredEvent::event).toList()));
    });
  }

  public Uni<List<HistoryEntry>> history(String cartId, CartAccess access) {
    return store.history(pool, cartId, Long.MAX_VALUE).map(events -> {
      if (events.isEmpty() || !allows(access, cartId, events)) {
        throw CartCommandService.notFound(cartId);
      }
      return events.stream().map(e -> new HistoryEntry(e.eventId().toString(), e.type(), e.version(), e.occurredAt(),
          e.event())).toList();
    });
  }

  /** The owner is set by the first event and never changes. */
  private boolean allows(CartAccess access, String cartId, List<StoredEvent> events) {
    CartEvent.Created created = (CartEvent.Created) events.get(0).event();
    return access.allows(cartId, created.ownerId(), tokens);
  }
}
