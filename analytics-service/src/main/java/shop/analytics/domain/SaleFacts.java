package shop.analytics.domain;

import java.util.List;

import shop.events.Money;
import shop.events.SaleEvent;
import shop.events.SaleLine;

/**
 * What a sale event adds to the figures, at the sale's own time ({@code createdAt}, event time, not arrival):
 * <ul>
 * <li>a POS sale: one order, its total as revenue, its units as items, and each product's units and line total;</li>
 * <li>a return: its total and units taken back, on the day of the return (a day's figures are never restated
 * afterwards); the number of orders stays;</li>
 * <li>the sale that fulfils an order ({@code orderId} set): nothing, since the order was counted when it was
 * confirmed.</li>
 * </ul>
 */
public final class SaleFacts {
  public static final String SOURCE = "sale";

  private SaleFacts() {
  }

  public static Deltas of(SaleEvent event) {
    Deltas deltas = new Deltas();
    if (event instanceof SaleEvent.Completed sale) {
      if (sale.orderId() == null) {
        add(deltas, sale.locationId(), sale.items(), sale.total(), sale.createdAt(), 1, 1);
      }
    } else if (event instanceof SaleEvent.Returned back) {
      add(deltas, back.locationId(), back.items(), back.total(), back.createdAt(), 0, -1);
    }
    return deltas;
  }

  private static void add(Deltas deltas, String locationId, List<SaleLine> lines, Money total,
      java.time.Instant at, long orders, int sign) {
    Facts.require(locationId != null && total != null && at != null && lines != null && !lines.isEmpty(),
        "sale event without location, total, time or items");
    long units = 0;
    for (SaleLine line : lines) {
      Facts.require(line != null && line.productId() != null && line.quantity() > 0, "unreadable sale line");
      long lineTotal = line.lineTotal() != null
          ? line.lineTotal().amount()
          : Facts.times(line.unitPrice(), line.quantity());
      units += line.quantity();
      deltas.add(ProductDelta.of(locationId, line.productId(), at, total.currency(), sign * (long) line.quantity(),
          sign * lineTotal));
    }
    deltas.add(FigureDelta.orders(locationId, at, total.currency(), orders, sign * total.amount(), sign * units));
  }
}
