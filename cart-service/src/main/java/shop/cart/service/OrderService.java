package shop.cart.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.security.ForbiddenException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.cart.api.OrderView;
import shop.cart.config.CartConfig;
import shop.cart.domain.Cart;
import shop.cart.domain.ErrorCode;
import shop.cart.domain.Order;
import shop.cart.repository.CartEventStore;
import shop.cart.repository.CartIndexRepository;
import shop.cart.repository.OrderStore;
import shop.cart.repository.VersionConflictException;
import shop.events.CartEvent;
import shop.events.CartStatus;
import shop.events.OrderEvent;
import shop.events.OrderStatus;
import shop.events.ReservationEvent;
import shop.platform.Refusal;
import shop.platform.command.CommandResult;
import shop.platform.command.CommandRunner;
import shop.platform.command.CommandRunner.Reply;
import shop.platform.problem.ProblemException;
import shop.platform.security.CartAccess;
import shop.platform.security.CartTokens;
import shop.platform.security.Roles;

/**
 * Checkout and orders (issue 11, decision 0006). The order is the process manager of a checkout: placed with the
 * cart frozen in one transaction, it reacts to stock-service's reservation (and to its own deadline, through the
 * watchdog) and moves the cart with it: confirmed → cart checked out; rejected → cart open again with a warning per
 * short line. Every change of an order first locks its index row, then (when the cart moves too) the cart's; each
 * reaction is idempotent, so a redelivered outcome changes nothing.
 *
 * <p>Access: an order is seen, and cancelled, with the credentials that open its cart (the owner's bearer token or the
 * guest cart's token); staff and managers of its location (and admins) see it and fulfil it. Anyone else gets
 * {@code 404 not-found}; one who sees the order but may not give that command, {@code 403 forbidden}.
 */
@ApplicationScoped
public class OrderService {
  private static final Set<String> LOCATION_STAFF = Set.of(Roles.STAFF, Roles.MANAGER);

  private final CommandRunner commands;
  private final CartCommandService cartCommands;
  private final CartWriter writer;
  private final CartEventStore carts;
  private final CartIndexRepository cartIndex;
  private final OrderStore orders;
  private final CartConfig config;
  private final CartTokens tokens;
  private final Pool pool;

  public OrderService(CommandRunner commands, CartCommandService cartCommands, CartWriter writer, CartEventStore carts,
      CartIndexRepository cartIndex,
      OrderStore orders, CartConfig config, CartTokens tokens, Pool pool) {
    this.commands = commands;
    this.cartCommands = cartCommands;
    this.writer = writer;
    this.carts = carts;
    this.cartIndex = cartIndex;
    this.orders = orders;
    this.config = config;
    this.tokens = tokens;
    this.pool = pool;
  }

  // ------------------------------------------------------------------ commands

  /**
   * Freezes the cart and places its order, in one transaction: {@code 202 {orderId}}. A checkout of a cart already
   * checking out or checked out answers the same order again (a retry, a double click), unless {@code If-Match} names
   * a version that is neither the one checked out nor the current one ({@code 412}); an empty or closed cart is
   * refused.
   */
  @WithSpan("OrderService.checkout")
  public Uni<CommandResult> checkout(String key, CartAccess access, String cartId, Long ifMatch) {
    String scopedKey = access.scope(key, cartId, tokens);
    // two round trips: the cart locked and loaded with BEGIN and the key's claim; the events of cart and order with
    // COMMIT
    return commands.run(scopedKey, List.of("checkout", cartId), conn -> cartCommands.lockOpened(conn, access, cartId),
        (conn, trace, cart) -> {
          boolean checkedOut = cart.status() == CartStatus.CHECKING_OUT || cart.status() == CartStatus.CHECKED_OUT;
          if (checkedOut && (ifMatch == null || ifMatch == cart.version()
              || Order.idFor(cartId, ifMatch).equals(cart.orderId()))) {
            return Uni.createFrom().item(accepted(cart.orderId()));
          }
          if (ifMatch != null && cart.version() != ifMatch) {
            throw ProblemException.versionConflict(cart.version(),
                "the cart changed since version given in If-Match; it is now at version " + cart.version());
          }
          OrderEvent.Placed placed = Order.place(cart, now(), config.checkout().reserveWithin());
          List<CartEvent> frozen = cart.startCheckout(placed.orderId());
          return Uni.createFrom().item(accepted(placed.orderId()).withWrites(Uni.combine().all().unis(
              writer.persistChange(conn, trace, scopedKey, "checkout", cart, frozen),
              writer.persistOrder(conn, trace, scopedKey, "checkout", null, List.of(placed))).discardItems()));
        })
        .onFailure(VersionConflictException.class).transform(e -> ProblemException.versionConflict(409, -1,
            "the cart changed meanwhile; retry"));
  }

  /**
   * The customer gives up a confirmed order; stock-service then releases its units. (A guest's Idempotency-Key is not
   * kept, as for a guest creating a cart: the order's cart, which would scope it, is known only once the order is
   * read; a retried cancel answers {@code 409 order-closed}.)
   */
  @WithSpan("OrderService.cancel")
  public Uni<CommandResult> cancel(String key, CartAccess access, String orderId) {
    return change("cancel", access.caller().scope(key), access, orderId, Actor.CUSTOMER,
        (order, now) -> order.cancel(now));
  }

  /** Staff of the order's location hand the goods over; stock-service turns the reservation into a sale. */
  @WithSpan("OrderService.fulfil")
  public Uni<CommandResult> fulfil(String key, CartAccess access, String orderId) {
    return change("fulfil", access.caller().scope(key), access, orderId, Actor.STAFF,
        (order, now) -> order.fulfil(now));
  }

  /** Who may give an order command: its customer (the credentials of its cart) or staff of its location. */
  private enum Actor {
    CUSTOMER,
    STAFF
  }

  /** An order command: {@code 404} for those who may not see the order, {@code 403} for those who see but may not act. */
  private Uni<CommandResult> change(String command, String scopedKey, CartAccess access, String orderId, Actor actor,
      OrderDecision decide) {
    return commands.run(scopedKey, List.of(command, orderId), (conn, trace) -> orders.lock(conn, orderId)
        .chain(() -> orders.load(conn, orderId)).chain(order -> {
          requireVisible(order, orderId, access);
          boolean allowed = actor == Actor.STAFF
              ? isStaff(order, access)
              : access.allows(order.cartId(), order.ownerId(), tokens);
          if (!allowed) {
            throw new ForbiddenException(actor == Actor.STAFF
                ? "only staff of location " + order.locationId() + " fulfil its orders"
                : "only the order's customer cancels it");
          }
          return writer.persistOrder(conn, trace, scopedKey, command, order, decide.apply(order, now()))
              .map(o -> new Reply(200, OrderView.of(o), null, String.valueOf(o.version())));
        }));
  }

  @FunctionalInterface
  private interface OrderDecision {
    List<OrderEvent> apply(Order order, Instant now);
  }

  // ------------------------------------------------------------------ queries

  /** The order from its event store, for those who may see it. */
  public Uni<OrderView> find(String orderId, CartAccess access) {
    return orders.load(pool, orderId).map(order -> {
      requireVisible(order, orderId, access);
      return OrderView.of(order);
    });
  }

  // ------------------------------------------------------------------ reactions

  /**
   * stock-service's answer about an order's reservation, in the caller's transaction: the order and its cart move
   * (or nothing changes for a redelivery, or an answer the order no longer waits for). An outcome word for metrics.
   */
  public Uni<String> onReservation(SqlConnection conn, ReservationEvent event) {
    return orders.lock(conn, event.orderId()).chain(found -> !found
        ? Uni.createFrom().item("unknown-order")
        : orders.load(conn, event.orderId()).chain(order -> {
          Instant now = now();
          List<OrderEvent> events;
          if (event instanceof ReservationEvent.Confirmed) {
            events = order.confirm(now);
          } else if (event instanceof ReservationEvent.Rejected r) {
            events = order.status() == OrderStatus.CONFIRMED
                ? order.reservationLost(now)
                : order.reject(Order.INSUFFICIENT_STOCK.equals(r.reason()) ? Order.INSUFFICIENT_STOCK : Order.EXPIRED,
                    r.shortfalls() == null ? List.of() : r.shortfalls(), now);
          } else if (event instanceof ReservationEvent.Expired) {
            events = order.reject(Order.EXPIRED, List.of(), now);
          } else {
            return Uni.createFrom().item("noted"); // released: the order already ended
          }
          return events.isEmpty() ? Uni.createFrom().item("duplicate") : apply(conn, "reservation", order, events);
        }));
  }

  /**
   * The watchdog: cancels one confirmed order nobody collected by its time ({@code not-collected}; stock-service
   * releases its units); false when there is none.
   */
  public Uni<Boolean> cancelOneUncollected(SqlConnection conn) {
    Instant now = now();
    return orders.lockOneUncollected(conn, now).chain(orderId -> orderId == null
        ? Uni.createFrom().item(false)
        : orders.load(conn, orderId).chain(order -> apply(conn, "not-collected", order,
            order.cancelUncollected(now, config.checkout().collectWithin()))).replaceWith(true));
  }

  /** The watchdog: rejects one order still placed past its deadline and grace; false when there is none. */
  public Uni<Boolean> expireOneOverdue(SqlConnection conn) {
    Instant now = now();
    return orders.lockOneOverdue(conn, now, config.checkout().answerGrace()).chain(orderId -> orderId == null
        ? Uni.createFrom().item(false)
        : orders.load(conn, orderId).chain(order -> order.overdue(now, config.checkout().answerGrace())
            ? apply(conn, "expire", order, order.reject(Order.EXPIRED, List.of(), now)).replaceWith(true)
            : Uni.createFrom().item(true)));
  }

  /**
   * Writes the order's events and moves its cart accordingly; the outcome word (counted after the commit by the
   * consumer's metric) is the order's new status, or {@code reservation-lost}.
   */
  private Uni<String> apply(SqlConnection conn, String command, Order order, List<OrderEvent> events) {
    if (events.isEmpty()) {
      return Uni.createFrom().item("duplicate");
    }
    return writer.persistOrder(conn, null, null, command, order, events).chain(after -> cartIndex
        .lock(conn, after.cartId()).chain(() -> carts.load(conn, after.cartId()))
        .chain(cart -> writer.persistSystemChange(conn, command, cart, cartReaction(cart, after, events)))
        .replaceWith(Order.RESERVATION_EXPIRED.equals(reasonOf(after)) ? "reservation-lost" : after.status().wire()));
  }

  private static List<CartEvent> cartReaction(Cart cart, Order order, List<OrderEvent> events) {
    if (cart == null) {
      return List.of();
    }
    OrderEvent last = events.get(events.size() - 1);
    if (last instanceof OrderEvent.Confirmed) {
      return cart.completeCheckout(order.id());
    }
    if (last instanceof OrderEvent.Rejected r) {
      return cart.reopen(order.id(), r.reason(), order.shortfalls());
    }
    return List.of();
  }

  private static String reasonOf(Order order) {
    String reason = order.history().get(order.history().size() - 1).reason();
    return reason == null ? "none" : reason;
  }

  // ------------------------------------------------------------------ access

  private void requireVisible(Order order, String orderId, CartAccess access) {
    if (order == null || !(access.allows(order.cartId(), order.ownerId(), tokens) || isStaff(order, access))) {
      throw new Refusal(ErrorCode.NOT_FOUND, "no order " + orderId);
    }
  }

  private static boolean isStaff(Order order, CartAccess access) {
    return access.caller().mayActAt(order.locationId(), LOCATION_STAFF);
  }

  private static Reply accepted(String orderId) {
    return new Reply(202, new OrderView.Placed(orderId), "/orders/" + orderId);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
