package shop.cart.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import shop.cart.api.AddItemRequest;
import shop.cart.api.CartView;
import shop.cart.api.ChangeQuantityRequest;
import shop.cart.api.CreateCartRequest;
import shop.cart.api.MergeRequest;
import shop.cart.config.CartConfig;
import shop.cart.domain.Cart;
import shop.cart.domain.ErrorCode;
import shop.platform.Refusal;
import shop.cart.repository.CartEventStore;
import shop.cart.repository.CartIndexRepository;
import shop.cart.repository.CatalogueRepository;
import shop.cart.repository.StoredEvent;
import shop.cart.repository.VersionConflictException;
import shop.events.CartEvent;
import shop.events.MergeAdjustment;
import shop.events.Topics;
import shop.platform.command.CommandResult;
import shop.platform.command.CommandRunner;
import shop.platform.command.CommandRunner.Reply;
import shop.platform.outbox.OutboxEvent;
import shop.platform.outbox.OutboxRepository;
import shop.platform.problem.ProblemException;

/**
 * Cart commands. Each runs in one transaction (with its Idempotency-Key): load the cart (snapshot + events), let the
 * {@link Cart} aggregate decide, append the events at the expected version, and in the same transaction write the
 * outbox rows for {@code cart-events}, the cart index and, every {@code cart.snapshot-every} versions, a snapshot.
 *
 * <p>Concurrency: writers of one cart first take its index row lock, so concurrent commands (20 tabs on one cart)
 * queue instead of failing; {@code unique (cart_id, version)} stays the guarantee. With {@code If-Match} a stale
 * version is {@code 412 version-conflict} (with the current version). Without it, a command that still loses the
 * append race is re-applied on the fresh cart, up to {@code cart.command-retries} times with a short jittered
 * backoff: cart commands commute (adding different products from two tabs must keep both).
 */
@ApplicationScoped
public class CartCommandService {
  public static final String VERSION_CONFLICT = ProblemException.VERSION_CONFLICT;

  /** What a command changes: the events of each cart it touches (merge touches two), and merge adjustments. */
  record Change(Cart target, List<CartEvent> targetEvents, Cart other, List<CartEvent> otherEvents,
      List<MergeAdjustment> adjustments) {
    static Change of(Cart cart, List<CartEvent> events) {
      return new Change(cart, events, null, List.of(), null);
    }
  }

  private final CommandRunner commands;
  private final CartEventStore store;
  private final CatalogueRepository catalogue;
  private final CartIndexRepository index;
  private final OutboxRepository outbox;
  private final CartConfig config;
  private final ObjectMapper json;
  private final Pool pool;
  private final MeterRegistry registry;

  public CartCommandService(CommandRunner commands, CartEventStore store, CatalogueRepository catalogue,
      CartIndexRepository index, OutboxRepository outbox, CartConfig config, ObjectMapper json, Pool pool,
      MeterRegistry registry) {
    this.commands = commands;
    this.store = store;
    this.catalogue = catalogue;
    this.index = index;
    this.outbox = outbox;
    this.config = config;
    this.json = json;
    this.pool = pool;
    this.registry = registry;
  }

  @WithSpan("CartCommandService.createCart")
  public Uni<CommandResult> createCart(String key, CreateCartRequest req) {
    String cartId = UUID.randomUUID().toString();
    return measure("create", commands.run(key, List.of("createCart", req), (conn, trace) -> {
      List<CartEvent> events = Cart.create(cartId, req.ownerId(), req.locationId(), req.currency());
      Cart created = Cart.replay(events);
      return persist(conn, trace, key, "createCart", null, events, created)
          .map(cart -> new Reply(201, CartView.of(cart), "/carts/" + cartId, String.valueOf(cart.version())));
    }));
  }

  @WithSpan("CartCommandService.addItem")
  public Uni<CommandResult> addItem(String key, String cartId, Long ifMatch, AddItemRequest req) {
    return mutate("addItem", key, List.of("addItem", cartId, req), cartId, ifMatch,
        (conn, cart) -> catalogue.find(conn, req.productId()).map(product -> {
          if (product == null) {
            throw new Refusal(ErrorCode.UNKNOWN_PRODUCT, "unknown product " + req.productId());
          }
          return Change.of(cart, cart.addItem(product, req.quantity().intValue(), config.limits()));
        }));
  }

  @WithSpan("CartCommandService.changeQuantity")
  public Uni<CommandResult> changeQuantity(String key, String cartId, Long ifMatch, String productId,
      ChangeQuantityRequest req) {
    return mutate("changeQuantity", key, List.of("changeQuantity", cartId, productId, req), cartId, ifMatch,
        (conn, cart) -> Uni.createFrom().item(Change.of(cart,
            cart.changeQuantity(productId, req.quantity().intValue(), config.limits()))));
  }

  @WithSpan("CartCommandService.removeItem")
  public Uni<CommandResult> removeItem(String key, String cartId, Long ifMatch, String productId) {
    return mutate("removeItem", key, List.of("removeItem", cartId, productId), cartId, ifMatch,
        (conn, cart) -> Uni.createFrom().item(Change.of(cart, cart.removeItem(productId))));
  }

  @WithSpan("CartCommandService.clear")
  public Uni<CommandResult> clear(String key, String cartId, Long ifMatch) {
    return mutate("clear", key, List.of("clear", cartId), cartId, ifMatch,
        (conn, cart) -> Uni.createFrom().item(Change.of(cart, cart.clear())));
  }

  @WithSpan("CartCommandService.merge")
  public Uni<CommandResult> merge(String key, String cartId, Long ifMatch, MergeRequest req) {
    return mutate("merge", key, List.of("merge", cartId, req), new String[] { cartId, req.sourceCartId() }, ifMatch,
        (conn, cart) -> store.load(conn, req.sourceCartId()).chain(source -> {
          if (source == null) {
            throw notFound(req.sourceCartId());
          }
          String[] ids = source.lines().stream().map(l -> l.productId()).toArray(String[]::new);
          return catalogue.findAll(conn, ids).map(products -> {
            Cart.MergeResult result = cart.mergeFrom(source, products::get, config.limits());
            return new Change(cart, result.target(), source, result.source(), result.adjustments());
          });
        }));
  }

  // ------------------------------------------------------------------ the command pipeline

  private Uni<CommandResult> mutate(String command, String key, List<Object> request, String cartId, Long ifMatch,
      BiFunction<SqlConnection, Cart, Uni<Change>> decide) {
    return mutate(command, key, request, new String[] { cartId }, ifMatch, decide);
  }

  /** @param cartIds the carts the command changes; the first is the one answered */
  private Uni<CommandResult> mutate(String command, String key, List<Object> request, String[] cartIds, Long ifMatch,
      BiFunction<SqlConnection, Cart, Uni<Change>> decide) {
    String cartId = cartIds[0];
    Uni<CommandResult> attempt = Uni.createFrom().deferred(() -> commands.run(key, request,
        (conn, trace) -> index.lock(conn, cartIds).chain(() -> store.load(conn, cartId)).chain(cart -> {
          if (cart == null) {
            throw notFound(cartId);
          }
          if (ifMatch != null && cart.version() != ifMatch) {
            throw new VersionConflictException(cartId, cart.version());
          }
          return decide.apply(conn, cart);
        }).chain(change -> persistChange(conn, trace, key, command, change)
            .map(cart -> new Reply(200, CartView.of(cart, change.adjustments()), null,
                String.valueOf(cart.version()))))));
    Uni<CommandResult> guarded = ifMatch != null ? attempt
        : attempt.onFailure(VersionConflictException.class)
            .invoke(() -> registry.counter("cart.command.retries", "command", command).increment())
            .onFailure(VersionConflictException.class).retry()
            .withBackOff(Duration.ofMillis(2), Duration.ofMillis(50)).withJitter(0.5).atMost(config.commandRetries());
    return measure(command, guarded.onFailure(VersionConflictException.class)
        .recoverWithUni(e -> conflict(cartId, ifMatch != null)));
  }

  private Uni<Cart> persistChange(SqlConnection conn, String trace, String key, String command, Change change) {
    Uni<Cart> other = change.otherEvents().isEmpty() ? Uni.createFrom().nullItem()
        : persist(conn, trace, key, command, change.other(), change.otherEvents(),
            fold(change.other(), change.otherEvents()));
    return other.chain(() -> change.targetEvents().isEmpty() ? Uni.createFrom().item(change.target())
        : persist(conn, trace, key, command, change.target(), change.targetEvents(),
            fold(change.target(), change.targetEvents())));
  }

  /** Appends the events of one cart and writes, in the same transaction, its outbox rows, index and snapshot. */
  private Uni<Cart> persist(SqlConnection conn, String trace, String key, String command, Cart before,
      List<CartEvent> events, Cart after) {
    long expected = before == null ? 0 : before.version();
    return store.append(conn, after.id(), expected, events, metadata(command, key, trace))
        .chain(stored -> {
          List<Uni<Void>> writes = new ArrayList<>();
          writes.add(outbox.append(conn, trace, outboxEvents(stored)));
          writes.add(index.save(conn, after));
          if (after.version() / config.snapshotEvery() > expected / config.snapshotEvery()) {
            writes.add(store.snapshot(conn, after));
          }
          return Uni.combine().all().unis(writes).discardItems();
        })
        .replaceWith(after);
  }

  /** A change decided by the service itself (no request, no Idempotency-Key), in the caller's transaction. */
  Uni<Cart> persistSystemChange(SqlConnection conn, String command, Cart cart, List<CartEvent> events) {
    return events.isEmpty() ? Uni.createFrom().item(cart)
        : persist(conn, null, null, command, cart, events, fold(cart, events));
  }

  static List<OutboxEvent> outboxEvents(List<StoredEvent> stored) {
    return stored.stream().map(e -> new OutboxEvent(Topics.CART_EVENTS, e.cartId(), e.type(), e.cartId(),
        e.version(), e.event())).toList();
  }

  private static Cart fold(Cart cart, List<CartEvent> events) {
    Cart c = cart;
    for (CartEvent e : events) {
      c = c.apply(e);
    }
    return c;
  }

  private Uni<CommandResult> conflict(String cartId, boolean ifMatchGiven) {
    registry.counter("cart.command.conflicts").increment();
    return store.currentVersion(pool, cartId)
        .map(current -> {
          if (ifMatchGiven) {
            throw ProblemException.versionConflict(current,
                "the cart changed since version given in If-Match; it is now at version " + current);
          }
          throw ProblemException.versionConflict(409, current, "the cart changed too often meanwhile; retry");
        });
  }

  private Uni<CommandResult> measure(String command, Uni<CommandResult> result) {
    Timer.Sample sample = Timer.start(registry);
    return result.onItemOrFailure().invoke((r, e) -> {
      String outcome = e == null ? "ok" : e instanceof Refusal ce ? ce.code().wire()
          : e instanceof ProblemException pe ? pe.problem().code() : "error";
      sample.stop(Timer.builder("cart.command").tag("command", command).tag("outcome", outcome)
          .publishPercentileHistogram().register(registry));
    });
  }

  private String metadata(String command, String key, String trace) {
    // causation: the client's command (its Idempotency-Key when given); correlation: the request's trace
    Map<String, String> m = new LinkedHashMap<>();
    m.put("command", command);
    m.put("causationId", key);
    m.put("correlationId", trace == null ? null : trace.split("-")[1]);
    m.put("traceparent", trace);
    try {
      return json.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Refusal notFound(String cartId) {
    return new Refusal(ErrorCode.NOT_FOUND, "no cart " + cartId);
  }

}
