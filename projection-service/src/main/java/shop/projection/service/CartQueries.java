package shop.projection.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import shop.platform.problem.ProblemException;
import shop.platform.security.CartAccess;
import shop.platform.security.CartTokens;
import shop.projection.api.CartView;
import shop.projection.config.ProjectionConfig;
import shop.projection.repository.CartViewCache;
import shop.projection.repository.CartViewRepository;

/**
 * Cart reads from the read model, with read-your-writes on request ({@code minVersion}). A cart is shown to its owner
 * (bearer token) or its guest-token holder only ({@link CartAccess}); anyone else is told it does not exist.
 */
@ApplicationScoped
public class CartQueries {
  /** A cart view, and whether it is older than the version the client asked for. */
  public record Answer(CartView cart, boolean stale) {
  }

  private final CartViewRepository carts;
  private final CartViewCache cache;
  private final Pool pool;
  /** How long a read asking for {@code minVersion} waits for the projection, and how often it looks. */
  private final Duration maxWait;
  private final Duration poll;

  private final CartTokens tokens;
  private final ViewChanges changes;

  public CartQueries(CartViewRepository carts, CartViewCache cache, Pool pool, ProjectionConfig config,
      CartTokens tokens, ViewChanges changes) {
    this.tokens = tokens;
    this.changes = changes;
    this.maxWait = config.readYourWrites().maxWait();
    this.poll = config.readYourWrites().poll();
    this.carts = carts;
    this.cache = cache;
    this.pool = pool;
  }

  /**
   * The cart, from Redis when it holds a recent enough view, else from PostgreSQL (then cached). With
   * {@code minVersion}, waits (bounded) until the view reaches it, then answers what it has.
   */
  public Uni<Answer> findCart(String cartId, Long minVersion, CartAccess access) {
    long wanted = minVersion == null ? 0 : minVersion;
    if (access.caller().isAnonymous() && !tokens.verify(cartId, access.cartToken())) {
      return Uni.createFrom().failure(notFound(cartId)); // opens no cart: no read, no wait
    }
    long deadline = System.nanoTime() + maxWait.toNanos();
    return cache.get(cartId).chain(cached -> cached != null && cached.version() >= wanted
        ? Uni.createFrom().item(cached)
        : ReadYourWrites.await(() -> carts.find(pool, cartId), CartView::version, wanted, deadline, poll,
            () -> changes.watch(ViewChanges.key("cart", cartId)))
            .call(view -> view == null ? Uni.createFrom().voidItem() : cache.fill(view)))
        .chain(view -> {
          if (view == null) {
            return Uni.createFrom().failure(notFound(cartId));
          }
          if (!access.allows(cartId, view.ownerId(), tokens)) {
            // someone else's cart: answered as late as a missing one would be, so that neither its existence nor
            // its version shows in the time of the answer
            return ReadYourWrites.refuseAtDeadline(notFound(cartId), wanted, deadline);
          }
          return Uni.createFrom().item(new Answer(view, view.version() < wanted));
        });
  }

  private static ProblemException notFound(String cartId) {
    return ProblemException.notFound("no cart " + cartId + " in the read model");
  }
}
