package shop.stock.api;

import java.time.Instant;
import java.util.List;

import shop.events.Money;
import shop.events.SaleLine;
import shop.stock.domain.Sale;

/** A completed direct sale, priced at the time of sale. */
public record SaleResponse(String id, String locationId, List<SaleLine> items, Money total, Instant createdAt) {

  public static SaleResponse of(Sale s) {
    return new SaleResponse(s.id(), s.locationId(), s.items(), s.total(), s.createdAt());
  }
}
