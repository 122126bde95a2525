package shop.stock.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.events.SaleEvent;
import shop.events.SaleLine;
import shop.events.StockEvent;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.Refusal;
import shop.platform.command.CommandResult;
import shop.platform.command.CommandRunner;
import shop.platform.command.CommandRunner.Reply;
import shop.platform.outbox.OutboxEvent;
import shop.platform.outbox.OutboxRepository;
import shop.platform.paging.PageResponse;
import shop.stock.api.ItemsRequest;
import shop.stock.api.ReturnResponse;
import shop.stock.api.SaleResponse;
import shop.stock.domain.ErrorCode;
import shop.stock.domain.ItemQuantity;
import shop.stock.domain.ReturnDecision;
import shop.stock.domain.Sale;
import shop.stock.domain.SaleDecision;
import shop.stock.domain.SaleReturn;
import shop.stock.domain.SoldLine;
import shop.stock.domain.StockLevel;
import shop.stock.repository.LocationRepository;
import shop.stock.repository.ProductRepository;
import shop.stock.repository.SaleRepository;
import shop.stock.repository.StockRepository;

/**
 * Direct (POS) sales and returns. A sale locks the stock rows of its products in product id order, lets
 * {@link SaleDecision} decide all or nothing, then writes levels, the sale and its events in the same transaction.
 */
@ApplicationScoped
public class SaleService {
  private final CommandRunner commands;
  private final ProductRepository products;
  private final StockRepository stock;
  private final SaleRepository sales;
  private final LocationRepository locations;
  private final OutboxRepository outbox;
  private final Pool pool;
  private final Json json;
  private final Counter completed;
  private final Counter returned;
  private final Timer saleTimer;

  public SaleService(CommandRunner commands, ProductRepository products, StockRepository stock, SaleRepository sales,
      LocationRepository locations, OutboxRepository outbox, Pool pool, Json json, MeterRegistry registry) {
    this.commands = commands;
    this.products = products;
    this.stock = stock;
    this.sales = sales;
    this.locations = locations;
    this.outbox = outbox;
    this.pool = pool;
    this.json = json;
    this.completed = Counter.builder("stock.sales").tag("outcome", "completed").register(registry);
    this.returned = Counter.builder("stock.returns").register(registry);
    this.saleTimer = Timer.builder("stock.sale.decrement")
        .description("Duration of a sale's transaction: lock, guarded decrement, sale and outbox rows, commit")
        .publishPercentileHistogram().register(registry);
  }

  @WithSpan("SaleService.sell")
  public Uni<CommandResult> sell(String idempotencyKey, String locationId, ItemsRequest req) {
    Timer.Sample sample = Timer.start();
    List<ItemQuantity> items = req.toItems();
    String[] ids = sortedIds(items);
    // two round trips: the stock rows locked with BEGIN and the key's claim; the writes with COMMIT
    return commands.run(idempotencyKey, List.of("sell", locationId, req),
        conn -> stock.lockPriced(conn, locationId, ids),
        (conn, trace, locked) -> sell(conn, trace, locationId, items, ids, locked))
        .invoke(r -> {
          if (!r.replayed()) {
            sample.stop(saleTimer);
            completed.increment();
          }
        });
  }

  private Uni<Reply> sell(SqlConnection conn, String trace, String locationId, List<ItemQuantity> items, String[] ids,
      StockRepository.PricedLevels locked) {
    return (locked.levels().size() == ids.length
        ? Uni.createFrom().item(locked)
        // some product has no stock here: is the location real, which products exist (unknown vs shortfall)?
        : requireLocationIf(conn, true, locationId).chain(() -> products.findPriced(conn, ids))
            .map(prices -> new StockRepository.PricedLevels(locked.levels(), prices)))
        .map(levels -> {
          SaleDecision decision = SaleDecision.decide(locationId, items, levels.prices(), levels.levels());
          Sale sale = new Sale(UUID.randomUUID().toString(), locationId, saleLines(decision.lines()),
              decision.total(), now());
          List<OutboxEvent> events = new ArrayList<>();
          events.add(OutboxEvents.event(Topics.SALE_EVENTS, sale.id(), null,
              new SaleEvent.Completed(sale.id(), locationId, sale.items(), sale.total(), sale.createdAt())));
          events.addAll(OutboxEvents.stockChanged(decision.lines(), StockEvent.Changed.REASON_SALE, sale.id()));
          return new Reply(201, SaleResponse.of(sale), "/locations/" + locationId + "/sales/" + sale.id())
              .withWrites(Uni.combine().all().unis(stock.save(conn, locationId, afters(decision.lines())),
                  sales.insert(conn, sale), outbox.append(conn, trace, events)).discardItems());
        });
  }

  @WithSpan("SaleService.returnItems")
  public Uni<CommandResult> returnItems(String idempotencyKey, String locationId, String saleId, ItemsRequest req) {
    List<ItemQuantity> items = req.toItems();
    return commands.run(idempotencyKey, List.of("return", locationId, saleId, req), (conn, trace) -> sales
        .lockLines(conn, locationId, saleId)
        .chain(saleLines -> {
          if (saleLines == null) {
            throw new Refusal(ErrorCode.NOT_FOUND, "no sale " + saleId + " at location " + locationId);
          }
          String[] ids = saleLines.keySet().stream().sorted().toArray(String[]::new);
          return stock.lock(conn, locationId, ids).chain(levels -> {
            ReturnDecision decision = ReturnDecision.decide(locationId, items, saleLines, levels);
            SaleReturn ret = new SaleReturn(UUID.randomUUID().toString(), saleId, locationId,
                saleLines(decision.lines()), decision.total(), now());
            List<OutboxEvent> events = new ArrayList<>();
            events.add(OutboxEvents.event(Topics.SALE_EVENTS, saleId, null,
                new SaleEvent.Returned(ret.id(), saleId, locationId, ret.items(), ret.total(), ret.createdAt())));
            events.addAll(OutboxEvents.stockChanged(decision.lines(), StockEvent.Changed.REASON_RETURN, ret.id()));
            return Uni.combine().all().unis(stock.save(conn, locationId, afters(decision.lines())),
                sales.insertReturn(conn, ret, json.write(ret.items())), outbox.append(conn, trace, events))
                .discardItems()
                .invoke(() -> returned.increment())
                .replaceWith(new Reply(201, ReturnResponse.of(ret), null));
          });
        }));
  }

  /** A page of the location's sales, newest first. */
  public Uni<PageResponse<SaleResponse>> listSales(String locationId, int page, int size) {
    return requireLocationIf(pool, true, locationId)
        .chain(() -> sales.count(pool, locationId))
        .chain(total -> sales.page(pool, locationId, page, size)
            .map(items -> new PageResponse<>(items.stream().map(SaleResponse::of).toList(), page, size, total)));
  }

  private Uni<Void> requireLocationIf(io.vertx.mutiny.sqlclient.SqlClient sql, boolean check, String locationId) {
    if (!check) {
      return Uni.createFrom().voidItem();
    }
    return locations.find(sql, locationId).invoke(l -> {
      if (l == null) {
        throw LocationService.notFound(locationId);
      }
    }).replaceWithVoid();
  }

  private static String[] sortedIds(List<ItemQuantity> items) {
    return items.stream().map(ItemQuantity::productId).distinct().sorted().toArray(String[]::new);
  }

  private static List<SaleLine> saleLines(List<SoldLine> lines) {
    return lines.stream().map(l -> new SaleLine(l.productId(), l.quantity(), l.unitPrice(), l.lineTotal())).toList();
  }

  private static List<StockLevel> afters(List<SoldLine> lines) {
    return lines.stream().map(SoldLine::after).toList();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

}
