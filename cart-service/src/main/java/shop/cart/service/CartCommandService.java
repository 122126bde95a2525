package shop.cart.service;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

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
import shop.cart.repository.CartEventStore;
import shop.cart.repository.CartIndexRepository;
import shop.cart.repository.CatalogueRepository;
import shop.cart.repository.VersionConflictException;
import shop.events.CartEvent;
import shop.events.MergeAdjustment;
import shop.platform.Refusal;
import shop.platform.Transactions;
import shop.platform.command.CommandResult;
import shop.platform.command.CommandRunner;
import shop.platform.command.CommandRunner.Reply;
import shop.platform.problem.ProblemException;
import shop.platform.security.CartAccess;
import shop.platform.security.CartTokens;

/**
 * Cart commands. Each runs in one transaction (with its Idempotency-Key): load the cart (snapshot + events), let the
 * {@link Cart} aggregate decide, and let {@link CartWriter} append the events at the expected version with their
 * outbox rows, index and snapshot.
 *
 * <p>Concurrency: writers of one cart first take its index row lock, so concurrent commands (20 tabs on one cart)
 * queue instead of failing; {@code unique (cart_id, version)} stays the guarantee. With {@code If-Match} a stale
 * version is {@code 412 version-conflict} (with the current version). Without it, a command that still loses the
 * append race is re-applied on the fresh cart, up to {@code cart.command-retries} times with a short jittered
 * backoff: cart commands commute (adding different products from two tabs must keep both).
 *
 * <p>Access: a command on a cart the request's credentials do not open ({@link CartAccess}: the owner's bearer token,
 * or the guest cart's token) is answered {@code 404 not-found}, as if the cart did not exist, and changes nothing.
 * Its Idempotency-Key is scoped to the caller (or the guest's cart), so no one replays another's stored answer.
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
  private final CartWriter writer;
  private final CartEventStore store;
  private final CatalogueRepository catalogue;
  private final CartIndexRepository index;
  private final CartConfig config;
  private final Pool pool;
  private final MeterRegistry registry;
  private final CartTokens tokens;

  public CartCommandService(CommandRunner commands, CartWriter writer, CartEventStore store,
      CatalogueRepository catalogue, CartIndexRepository index, CartConfig config, Pool pool, MeterRegistry registry,
      CartTokens tokens) {
    this.tokens = tokens;
    this.commands = commands;
    this.writer = writer;
    this.store = store;
    this.catalogue = catalogue;
    this.index = index;
    this.config = config;
    this.pool = pool;
    this.registry = registry;
  }

  /**
   * @param key the Idempotency-Key scoped to its caller (null for a guest, who has no scope: a retry makes
   *        another empty cart)
   * @param ownerId the caller's subject, null for a guest cart
   */
  @WithSpan("CartCommandService.createCart")
  public Uni<CommandResult> createCart(String key, String ownerId, CreateCartRequest req) {
    String cartId = UUID.randomUUID().toString();
    return measure("create", commands.run(key, List.of("createCart", String.valueOf(ownerId), req), (conn, trace) -> {
      List<CartEvent> events = Cart.create(cartId, ownerId, req.locationId(), req.currency());
      Cart created = Cart.replay(events);
      Transactions.Ending<Cart> staged = writer.stage(conn, trace, key, "createCart", null, events, created);
      Cart cart = staged.result();
      return Uni.createFrom().item(new Reply(201, CartView.of(cart), "/carts/" + cartId,
          String.valueOf(cart.version())).withWrites(staged.last()));
    }));
  }

  @WithSpan("CartCommandService.addItem")
  public Uni<CommandResult> addItem(String key, CartAccess access, String cartId, Long ifMatch, AddItemRequest req) {
    // the product is read with the cart, in the first round trip
    return mutate("addItem", key, access, List.of("addItem", cartId, req), new String[]{cartId}, ifMatch,
        conn -> catalogue.find(conn, req.productId()), (conn, cart, product) -> {
          if (product == null) {
            throw new Refusal(ErrorCode.UNKNOWN_PRODUCT, "unknown product " + req.productId());
          }
          return Uni.createFrom().item(Change.of(cart, cart.addItem(product, req.quantity().intValue(),
              config.limits())));
        });
  }

  @WithSpan("CartCommandService.changeQuantity")
  public Uni<CommandResult> changeQuantity(String key, CartAccess access, String cartId, Long ifMatch, String productId,
      ChangeQuantityRequest req) {
    return mutate("changeQuantity", key, access, List.of("changeQuantity", cartId, productId, req), cartId, ifMatch,
        (conn, cart) -> Uni.createFrom().item(Change.of(cart,
            cart.changeQuantity(productId, req.quantity().intValue(), config.limits()))));
  }

  @WithSpan("CartCommandService.removeItem")
  public Uni<CommandResult> removeItem(String key, CartAccess access, String cartId, Long ifMatch, String productId) {
    return mutate("removeItem", key, access, List.of("removeItem", cartId, productId), cartId, ifMatch,
        (conn, cart) -> Uni.createFrom().item(Change.of(cart, cart.removeItem(productId))));
  }

  @WithSpan("CartCommandService.clear")
  public Uni<CommandResult> clear(String key, CartAccess access, String cartId, Long ifMatch) {
    return mutate("clear", key, access, List.of("clear", cartId), cartId, ifMatch,
        (conn, cart) -> Uni.createFrom().item(Change.of(cart, cart.clear())));
  }

  /** The source needs the same owner's bearer token, or its own cart token ({@code sourceCartToken}). */
  @WithSpan("CartCommandService.merge")
  public Uni<CommandResult> merge(String key, CartAccess access, String cartId, Long ifMatch, MergeRequest req) {
    CartAccess sourceAccess = access.withToken(req.sourceCartToken());
    return mutate("merge", key, access, List.of("merge", cartId, req), new String[]{cartId, req.sourceCartId()},
        ifMatch, (conn, cart) -> store.load(conn, req.sourceCartId()).chain(source -> {
          if (source == null || !sourceAccess.allows(source.id(), source.ownerId(), tokens)) {
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

  private Uni<CommandResult> mutate(String command, String key, CartAccess access, List<Object> request,
      String cartId, Long ifMatch, BiFunction<SqlConnection, Cart, Uni<Change>> decide) {
    return mutate(command, key, access, request, new String[]{cartId}, ifMatch, decide);
  }

  private Uni<CommandResult> mutate(String command, String key, CartAccess access, List<Object> request,
      String[] cartIds, Long ifMatch, BiFunction<SqlConnection, Cart, Uni<Change>> decide) {
    return mutate(command, key, access, request, cartIds, ifMatch, conn -> Uni.createFrom().nullItem(),
        (conn, cart, nothing) -> decide.apply(conn, cart));
  }

  /** How a command changes the cart, given what it read besides the cart. */
  @FunctionalInterface
  private interface Decide<X> {
    Uni<Change> apply(SqlConnection conn, Cart cart, X alsoRead);
  }

  /** The cart and what the command read with it. */
  private record Read<X>(Cart cart, X alsoRead) {
  }

  /**
   * Every command on existing carts, in two round trips: the carts locked and loaded (with {@code alsoRead}, what the
   * command needs besides) go out with BEGIN and the key's claim; the events, outbox rows, index and snapshot with
   * COMMIT.
   *
   * @param cartIds the carts the command changes; the first is the one answered
   */
  private <X> Uni<CommandResult> mutate(String command, String key, CartAccess access, List<Object> request,
      String[] cartIds, Long ifMatch, Function<SqlConnection, Uni<X>> alsoRead, Decide<X> decide) {
    String cartId = cartIds[0];
    String scopedKey = access.scope(key, cartId, tokens);
    Uni<CommandResult> attempt = Uni.createFrom().deferred(() -> commands.run(scopedKey, request,
        conn -> Uni.combine().all().unis(lockOpened(conn, access, cartIds), alsoRead.apply(conn))
            .with(Read::new),
        (conn, trace, read) -> {
          Cart cart = read.cart();
          if (ifMatch != null && cart.version() != ifMatch) {
            throw new VersionConflictException(cartId, cart.version());
          }
          return decide.apply(conn, cart, read.alsoRead()).map(change -> {
            Transactions.Ending<Cart> staged = writer.stageChange(conn, trace, scopedKey, command, change);
            Cart after = staged.result();
            return new Reply(200, CartView.of(after, change.adjustments()), null, String.valueOf(after.version()))
                .withWrites(staged.last());
          });
        }));
    Uni<CommandResult> guarded = ifMatch != null
        ? attempt
        : attempt.onFailure(VersionConflictException.class)
            .invoke(() -> registry.counter("cart.command.retries", "command", command).increment())
            .onFailure(VersionConflictException.class).retry()
            .withBackOff(Duration.ofMillis(2), Duration.ofMillis(50)).withJitter(0.5).atMost(config.commandRetries());
    return measure(command, guarded.onFailure(VersionConflictException.class)
        .recoverWithUni(e -> conflict(cartId, ifMatch != null)));
  }

  /**
   * Locks the index rows of {@code cartIds} (in cart id order) and loads the first, which the request's credentials
   * must open: {@code 404 not-found} otherwise, as if it did not exist. Every command on a cart starts here.
   */
  Uni<Cart> lockOpened(SqlConnection conn, CartAccess access, String... cartIds) {
    String cartId = cartIds[0];
    // one round trip: PostgreSQL runs the load after the lock it follows
    return Uni.combine().all().unis(index.lock(conn, cartIds), store.load(conn, cartId)).with((locked, cart) -> {
      if (cart == null || !access.allows(cartId, cart.ownerId(), tokens)) {
        throw notFound(cartId);
      }
      return cart;
    });
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
      String outcome = e == null
          ? "ok"
          : e instanceof Refusal ce
              ? ce.code().wire()
              : e instanceof ProblemException pe ? pe.problem().code() : "error";
      sample.stop(Timer.builder("cart.command").tag("command", command).tag("outcome", outcome)
          .publishPercentileHistogram().register(registry));
    });
  }

  static Refusal notFound(String cartId) {
    return new Refusal(ErrorCode.NOT_FOUND, "no cart " + cartId);
  }

}
