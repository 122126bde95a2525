package shop.stock.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.events.EventCatalog;
import shop.events.Money;
import shop.events.OrderEvent;
import shop.events.OrderLine;
import shop.events.ReservationEvent;
import shop.events.ReservedLine;
import shop.events.SaleEvent;
import shop.events.SaleLine;
import shop.events.StockEvent;
import shop.events.StockShortfall;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.outbox.OutboxEvent;
import shop.platform.outbox.OutboxRepository;
import shop.stock.config.ReservationConfig;
import shop.stock.domain.ItemQuantity;
import shop.stock.domain.Reservation;
import shop.stock.domain.ReservationDecision;
import shop.stock.domain.Sale;
import shop.stock.domain.Shortfall;
import shop.stock.domain.StockLevel;
import shop.stock.repository.ReservationRepository;
import shop.stock.repository.ReservationRepository.Outcome;
import shop.stock.repository.SaleRepository;
import shop.stock.repository.StockRepository;

/**
 * Stock held for orders (issue 11, decision 0006): each step of an order, in the caller's transaction. The
 * reservation's row is locked first, then the stock rows of its products in product id order (as a POS sale does),
 * so a sale and a reservation never take the same unit: {@code available = onHand − reserved}. Each step is
 * idempotent: a redelivered event finds the reservation already past that step and changes nothing, and a redelivered
 * {@code order.placed.v1} has its stored outcome published again with its original {@code ce_id}.
 *
 * <p>Every method answers an outcome word, counted after the commit by the consumer
 * ({@code stock_order_events_total{outcome}}: {@code lost} for a confirmation that came too late,
 * {@code fulfilled-without-stock} for goods handed over with nothing held or available).
 */
@ApplicationScoped
public class ReservationService {
  public static final String INSUFFICIENT_STOCK = "insufficient-stock";
  public static final String TOO_LATE = "too-late";
  /** Confirmed after the reservation expired, and the units were gone meanwhile. */
  public static final String EXPIRED = "expired";

  private final ReservationRepository reservations;
  private final StockRepository stock;
  private final SaleRepository sales;
  private final OutboxRepository outbox;
  private final ReservationConfig config;
  private final Json json;

  public ReservationService(ReservationRepository reservations, StockRepository stock, SaleRepository sales,
      OutboxRepository outbox, ReservationConfig config, Json json) {
    this.reservations = reservations;
    this.stock = stock;
    this.sales = sales;
    this.outbox = outbox;
    this.config = config;
    this.json = json;
  }

  /** {@code order.placed.v1}: hold every line or none, or answer again what was answered the first time. */
  public Uni<String> place(SqlConnection conn, OrderEvent.Placed order) {
    Reservation wanted = requested(order);
    return reservations.lock(conn, order.orderId()).chain(stored -> {
      if (stored != null) {
        Outcome o = stored.outcome();
        ReservationEvent answered = json.readStored(o.payload(),
            EventCatalog.payloadOf(o.type(), ReservationEvent.class));
        return outbox.append(conn, null, List.of(event(answered).withId(o.id()))).replaceWith("duplicate");
      }
      Instant now = now();
      if (now.isAfter(order.reserveBy())) {
        return record(conn, wanted.with(Reservation.Status.REJECTED), order.total(), null,
            new ReservationEvent.Rejected(order.orderId(), order.locationId(), TOO_LATE, List.of()), List.of())
            .replaceWith(TOO_LATE);
      }
      return stock.lock(conn, wanted.locationId(), wanted.sortedProductIds()).chain(levels -> {
        ReservationDecision decision = ReservationDecision.decide(wanted.locationId(), wanted.items(), levels);
        if (decision instanceof ReservationDecision.Reserved held) {
          Instant expiresAt = now.plus(config.hold());
          return stock.save(conn, wanted.locationId(), held.levels())
              .chain(() -> record(conn, wanted.with(Reservation.Status.HELD), order.total(), expiresAt,
                  new ReservationEvent.Confirmed(order.orderId(), order.locationId(), reservedLines(wanted),
                      expiresAt),
                  stockChanges(held.levels(), levels, StockEvent.Changed.REASON_RESERVATION, order.orderId())))
              .replaceWith("reserved");
        }
        List<Shortfall> shortfalls = ((ReservationDecision.Rejected) decision).shortfalls();
        return record(conn, wanted.with(Reservation.Status.REJECTED), order.total(), null,
            new ReservationEvent.Rejected(order.orderId(), order.locationId(), INSUFFICIENT_STOCK,
                shortfalls(shortfalls)),
            List.of()).replaceWith(INSUFFICIENT_STOCK);
      });
    });
  }

  /** {@code order.confirmed.v1}: the reservation no longer expires (held again if it just had). */
  public Uni<String> confirm(SqlConnection conn, String orderId) {
    return reservations.lock(conn, orderId).chain(stored -> {
      if (stored == null) {
        return unknown(orderId, "confirmed");
      }
      Reservation r = stored.reservation();
      return switch (r.confirmed()) {
        case COMMIT -> reservations.setStatus(conn, orderId, Reservation.Status.COMMITTED).replaceWith("committed");
        case RESERVE_AGAIN -> reserveAgain(conn, r);
        default -> Uni.createFrom().item("duplicate");
      };
    });
  }

  /** {@code order.cancelled.v1} or {@code order.rejected.v1}: the held units are available again. */
  public Uni<String> release(SqlConnection conn, String orderId) {
    return reservations.lock(conn, orderId).chain(stored -> {
      if (stored == null) {
        return unknown(orderId, "ended");
      }
      Reservation r = stored.reservation();
      if (r.ended() == Reservation.Step.NONE) {
        return Uni.createFrom().item("duplicate");
      }
      return giveBack(conn, r, Reservation.Status.RELEASED,
          new ReservationEvent.Released(orderId, r.locationId(), reservedLines(r))).replaceWith("released");
    });
  }

  /** {@code order.fulfilled.v1}: the held units leave (on-hand and reserved fall) and the sale is recorded. */
  public Uni<String> fulfil(SqlConnection conn, String orderId, Instant fulfilledAt) {
    return reservations.lock(conn, orderId).chain(stored -> {
      if (stored == null) {
        return unknown(orderId, "fulfilled");
      }
      Reservation r = stored.reservation();
      return switch (r.fulfilled()) {
        case FULFIL -> lockLevels(conn, r).chain(levels -> {
          List<StockLevel> after = new ArrayList<>();
          for (Reservation.Line l : r.lines()) {
            after.add(levels.get(l.productId()).fulfil(l.quantity()));
          }
          return recordSale(conn, r, fulfilledAt, levels, after).replaceWith("fulfilled");
        });
        case SELL -> lockLevels(conn, r).chain(levels -> {
          // nothing is held any more: the goods leave from what is available, as a POS sale would take them
          boolean available = r.lines().stream().allMatch(l -> levels.containsKey(l.productId())
              && levels.get(l.productId()).canSell(l.quantity()));
          if (available) {
            List<StockLevel> after = r.lines().stream()
                .map(l -> levels.get(l.productId()).sell(l.quantity())).toList();
            return recordSale(conn, r, fulfilledAt, levels, after).replaceWith("fulfilled-from-available");
          }
          Log.warnf("order %s fulfilled, but its reservation had ended and the units are gone: no sale recorded",
              orderId);
          return Uni.createFrom().item("fulfilled-without-stock");
        });
        default -> Uni.createFrom().item("duplicate");
      };
    });
  }

  /** The sweeper: gives back the units of one held reservation past its expiry; false when there is none. */
  public Uni<Boolean> expireOne(SqlConnection conn) {
    Instant now = now();
    return reservations.lockOneExpired(conn, now).chain(stored -> {
      if (stored == null) {
        return Uni.createFrom().item(false);
      }
      Reservation r = stored.reservation();
      return giveBack(conn, r, Reservation.Status.EXPIRED,
          new ReservationEvent.Expired(r.orderId(), r.locationId(), reservedLines(r), now))
          .replaceWith(true);
    });
  }

  // ------------------------------------------------------------------ steps

  private Uni<String> reserveAgain(SqlConnection conn, Reservation r) {
    return lockLevels(conn, r).chain(levels -> {
      ReservationDecision decision = ReservationDecision.decide(r.locationId(), r.items(), levels);
      if (decision instanceof ReservationDecision.Reserved held) {
        return Uni.combine().all().unis(stock.save(conn, r.locationId(), held.levels()),
            reservations.setStatus(conn, r.orderId(), Reservation.Status.COMMITTED),
            outbox.append(conn, null, with(event(new ReservationEvent.Confirmed(r.orderId(), r.locationId(),
                reservedLines(r), null)),
                stockChanges(held.levels(), levels, StockEvent.Changed.REASON_RESERVATION, r.orderId()))))
            .discardItems().replaceWith("reserved-again");
      }
      List<Shortfall> shortfalls = ((ReservationDecision.Rejected) decision).shortfalls();
      return Uni.combine().all().unis(reservations.setStatus(conn, r.orderId(), Reservation.Status.LOST),
          outbox.append(conn, null, List.of(event(new ReservationEvent.Rejected(r.orderId(), r.locationId(),
              EXPIRED, shortfalls(shortfalls))))))
          .discardItems().replaceWith("lost");
    });
  }

  /** Releases every held line of {@code r} and ends it in {@code status}, with {@code event}. */
  private Uni<Void> giveBack(SqlConnection conn, Reservation r, Reservation.Status status, ReservationEvent event) {
    return lockLevels(conn, r).chain(levels -> {
      List<StockLevel> after = new ArrayList<>();
      for (Reservation.Line l : r.lines()) {
        after.add(levels.get(l.productId()).release(l.quantity()));
      }
      return Uni.combine().all().unis(stock.save(conn, r.locationId(), after),
          reservations.setStatus(conn, r.orderId(), status),
          outbox.append(conn, null, with(event(event),
              stockChanges(after, levels, StockEvent.Changed.REASON_RELEASE, r.orderId()))))
          .discardItems();
    });
  }

  private Uni<Void> recordSale(SqlConnection conn, Reservation r, Instant at, Map<String, StockLevel> before,
      List<StockLevel> after) {
    List<SaleLine> lines = r.lines().stream().map(l -> {
      Money unit = new Money(l.unitAmount(), r.currency());
      return new SaleLine(l.productId(), l.quantity(), unit, unit.times(l.quantity()));
    }).toList();
    Money total = lines.stream().map(SaleLine::lineTotal).reduce(Money.zero(r.currency()), Money::plus);
    Instant createdAt = at.truncatedTo(ChronoUnit.MICROS);
    Sale sale = new Sale(r.orderId(), r.locationId(), lines, total, createdAt);
    return Uni.combine().all().unis(stock.save(conn, r.locationId(), after),
        reservations.setStatus(conn, r.orderId(), Reservation.Status.FULFILLED),
        sales.insert(conn, sale),
        outbox.append(conn, null, with(OutboxEvents.event(Topics.SALE_EVENTS, sale.id(), null,
            new SaleEvent.Completed(sale.id(), r.locationId(), lines, total, createdAt, r.orderId())),
            stockChanges(after, before, StockEvent.Changed.REASON_FULFILMENT, r.orderId()))))
        .discardItems();
  }

  /** A new reservation (or a refused one) with its outcome and stock events. */
  private Uni<Void> record(SqlConnection conn, Reservation r, Money total, Instant expiresAt,
      ReservationEvent outcome, List<OutboxEvent> stockEvents) {
    OutboxEvent answer = event(outcome).withId(UUID.randomUUID());
    return Uni.combine().all().unis(
        reservations.insert(conn, r, total.amount(), expiresAt,
            new Outcome(answer.id(), answer.type(), json.write(outcome))),
        outbox.append(conn, null, with(answer, stockEvents))).discardItems();
  }

  private Uni<Map<String, StockLevel>> lockLevels(SqlConnection conn, Reservation r) {
    return stock.lock(conn, r.locationId(), r.sortedProductIds());
  }

  private Uni<String> unknown(String orderId, String step) {
    Log.warnf("order %s %s, but stock-service holds no reservation for it", orderId, step);
    return Uni.createFrom().item("unknown-order");
  }

  // ------------------------------------------------------------------ mapping

  /** The order's lines as a reservation (one line per product); an IllegalArgumentException for a bad order. */
  static Reservation requested(OrderEvent.Placed order) {
    if (order.orderId() == null || order.locationId() == null || order.reserveBy() == null || order.total() == null
        || order.lines() == null || order.lines().isEmpty()) {
      throw new IllegalArgumentException("order.placed.v1 without its order id, location, lines, total or reserveBy");
    }
    // one line per product, quantities summed (cart-service sends one per product; another producer may not)
    Map<String, Reservation.Line> lines = new LinkedHashMap<>();
    for (OrderLine l : order.lines()) {
      if (l.productId() == null || l.unitPrice() == null || l.quantity() <= 0
          || !l.unitPrice().currency().equals(order.total().currency())) {
        throw new IllegalArgumentException("order " + order.orderId() + " has an invalid line: " + l);
      }
      Reservation.Line line = new Reservation.Line(l.productId(), l.quantity(), l.unitPrice().amount());
      Reservation.Line same = lines.get(l.productId());
      if (same != null && same.unitAmount() != line.unitAmount()) {
        throw new IllegalArgumentException("order " + order.orderId() + " prices product " + l.productId() + " twice");
      }
      long quantity = (same == null ? 0L : same.quantity()) + l.quantity();
      if (quantity > ItemQuantity.MAX_PER_PRODUCT) {
        throw new IllegalArgumentException("order " + order.orderId() + " asks " + quantity + " units of "
            + l.productId() + "; at most " + ItemQuantity.MAX_PER_PRODUCT);
      }
      lines.put(l.productId(), new Reservation.Line(l.productId(), (int) quantity, line.unitAmount()));
    }
    return new Reservation(order.orderId(), order.locationId(), Reservation.Status.HELD, order.total().currency(),
        List.copyOf(lines.values()));
  }

  private static List<ReservedLine> reservedLines(Reservation r) {
    return r.lines().stream().map(l -> new ReservedLine(l.productId(), l.quantity())).toList();
  }

  private static List<StockShortfall> shortfalls(List<Shortfall> shortfalls) {
    return shortfalls.stream().map(s -> new StockShortfall(s.productId(), s.requested(), s.available())).toList();
  }

  private static List<OutboxEvent> stockChanges(List<StockLevel> after, Map<String, StockLevel> before, String reason,
      String orderId) {
    List<OutboxEvent> events = new ArrayList<>(after.size());
    for (StockLevel l : after) {
      events.add(OutboxEvents.stockChanged(l, l.onHand() - before.get(l.productId()).onHand(), reason, orderId));
    }
    return events;
  }

  private static OutboxEvent event(ReservationEvent e) {
    return OutboxEvents.event(Topics.RESERVATION_EVENTS, e.orderId(), null, e);
  }

  private static List<OutboxEvent> with(OutboxEvent first, List<OutboxEvent> rest) {
    List<OutboxEvent> all = new ArrayList<>(rest.size() + 1);
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
