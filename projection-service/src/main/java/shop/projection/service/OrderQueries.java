package shop.projection.service;

import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.ForbiddenException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import shop.platform.paging.PageResponse;
import shop.platform.problem.ProblemException;
import shop.platform.security.Caller;
import shop.platform.security.CartAccess;
import shop.platform.security.CartTokens;
import shop.platform.security.Roles;
import shop.projection.api.OrderView;
import shop.projection.config.ProjectionConfig;
import shop.projection.repository.OrderViewRepository;

/**
 * Order reads from the read model, with read-your-writes on request ({@code minVersion}). An order is shown to those
 * who open its cart (the owner's bearer token, the guest cart's token) and to staff and managers of its location (and
 * admins), as in cart-service; anyone else is told it does not exist. A customer's list is for that customer only.
 */
@ApplicationScoped
public class OrderQueries {
  private static final Set<String> LOCATION_STAFF = Set.of(Roles.STAFF, Roles.MANAGER);

  /** An order view, and whether it is older than the version the client asked for. */
  public record Answer(OrderView order, boolean stale) {
  }

  private final OrderViewRepository orders;
  private final Pool pool;
  private final CartTokens tokens;
  private final Duration maxWait;
  private final Duration poll;
  private final ViewChanges changes;

  public OrderQueries(OrderViewRepository orders, Pool pool, ProjectionConfig config, CartTokens tokens,
      ViewChanges changes) {
    this.orders = orders;
    this.changes = changes;
    this.pool = pool;
    this.tokens = tokens;
    this.maxWait = config.readYourWrites().maxWait();
    this.poll = config.readYourWrites().poll();
  }

  public Uni<Answer> findOrder(String orderId, Long minVersion, CartAccess access) {
    long wanted = minVersion == null ? 0 : minVersion;
    if (access.caller().isAnonymous() && access.cartToken() == null) {
      return Uni.createFrom().failure(notFound(orderId)); // opens no order: no read, no wait
    }
    long deadline = System.nanoTime() + maxWait.toNanos();
    return ReadYourWrites.await(() -> orders.find(pool, orderId), OrderView::version, wanted, deadline, poll,
        () -> changes.watch(ViewChanges.key("order", orderId)))
        .chain(view -> {
          if (view == null) {
            return Uni.createFrom().failure(notFound(orderId));
          }
          if (!access.allows(view.cartId(), view.ownerId(), tokens)
              && !access.caller().mayActAt(view.locationId(), LOCATION_STAFF)) {
            return ReadYourWrites.refuseAtDeadline(notFound(orderId), wanted, deadline);
          }
          return Uni.createFrom().item(new Answer(view, view.version() < wanted));
        });
  }

  /** The customer's orders, newest first: for that customer's bearer token only. */
  public Uni<PageResponse<OrderView>> ordersOf(String ownerId, int page, int size, Caller caller) {
    if (!ownerId.equals(caller.subject())) {
      throw new ForbiddenException("a customer's orders are for that customer");
    }
    return orders.countOf(pool, ownerId).chain(total -> orders.pageOf(pool, ownerId, page, size)
        .map(items -> new PageResponse<>(items, page, size, total)));
  }

  private static ProblemException notFound(String orderId) {
    return ProblemException.notFound("no order " + orderId + " in the read model");
  }
}
