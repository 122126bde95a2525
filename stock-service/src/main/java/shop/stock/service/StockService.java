package shop.stock.service;

import java.util.List;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.events.StockEvent;
import shop.platform.command.CommandResult;
import shop.platform.command.CommandRunner;
import shop.platform.command.CommandRunner.Reply;
import shop.platform.command.IfMatch;
import shop.platform.outbox.OutboxRepository;
import shop.stock.api.ReceiptRequest;
import shop.stock.api.StockCountRequest;
import shop.stock.api.StockLevelResponse;
import shop.stock.domain.StockLevel;
import shop.stock.repository.LocationRepository;
import shop.stock.repository.ProductRepository;
import shop.stock.repository.StockRepository;

/** Inventory counts, goods receipts and authoritative stock reads. */
@ApplicationScoped
public class StockService {
  private final CommandRunner commands;
  private final StockRepository stock;
  private final LocationRepository locations;
  private final ProductRepository products;
  private final OutboxRepository outbox;
  private final Pool pool;

  public StockService(CommandRunner commands, StockRepository stock, LocationRepository locations,
      ProductRepository products, OutboxRepository outbox, Pool pool) {
    this.commands = commands;
    this.stock = stock;
    this.locations = locations;
    this.products = products;
    this.outbox = outbox;
    this.pool = pool;
  }

  @WithSpan("StockService.countStock")
  public Uni<CommandResult> countStock(String idempotencyKey, String locationId, String productId,
      Long expectedVersion, StockCountRequest req) {
    return commands.run(idempotencyKey,
        List.of("countStock", locationId, productId, String.valueOf(expectedVersion), req),
        (conn, trace) -> change(conn, trace, locationId, productId, level -> {
          // a count overwrites on-hand: made against a stale version it would erase the sales made since
          IfMatch.check(expectedVersion, level.version(), "the stock level");
          return level.count(req.onHand());
        }, StockEvent.Changed.REASON_COUNT, req.reason()));
  }

  @WithSpan("StockService.receiveStock")
  public Uni<CommandResult> receiveStock(String idempotencyKey, String locationId, String productId,
      ReceiptRequest req) {
    return commands.run(idempotencyKey, List.of("receiveStock", locationId, productId, req),
        (conn, trace) -> change(conn, trace, locationId, productId, level -> level.receive(req.quantity()),
            StockEvent.Changed.REASON_RECEIPT, null));
  }

  /** The level right now; zero when the product was never stocked at an existing location. */
  public Uni<StockLevelResponse> findStockLevel(String locationId, String productId) {
    return requireLocationAndProduct(pool, locationId, productId)
        .chain(() -> stock.find(pool, locationId, productId))
        .map(l -> StockLevelResponse.of(l != null ? l : StockLevel.empty(locationId, productId)));
  }

  private Uni<Reply> change(SqlConnection conn, String trace, String locationId, String productId,
      UnaryOperator<StockLevel> rule,
      String reason, String reference) {
    String[] ids = {productId};
    return requireLocationAndProduct(conn, locationId, productId)
        .chain(() -> stock.ensureRows(conn, locationId, ids))
        .chain(() -> stock.lock(conn, locationId, ids))
        .chain(levels -> {
          StockLevel before = levels.get(productId);
          StockLevel after = rule.apply(before);
          return stock.save(conn, locationId, List.of(after))
              .chain(() -> outbox.append(conn, trace,
                  List.of(OutboxEvents.stockChanged(after, after.onHand() - before.onHand(), reason, reference))))
              .replaceWith(new Reply(200, StockLevelResponse.of(after), null, String.valueOf(after.version())));
        });
  }

  private Uni<Void> requireLocationAndProduct(io.vertx.mutiny.sqlclient.SqlClient sql, String locationId,
      String productId) {
    return locations.find(sql, locationId).chain(l -> {
      if (l == null) {
        throw LocationService.notFound(locationId);
      }
      return products.find(sql, productId);
    }).invoke(p -> {
      if (p == null) {
        throw ProductService.notFound(productId);
      }
    }).replaceWithVoid();
  }
}
