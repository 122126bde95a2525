package shop.stock.api;

import java.time.Instant;
import java.util.List;

import shop.events.Money;
import shop.events.SaleLine;
import shop.stock.domain.SaleReturn;

/** Goods returned against a sale and restocked. */
public record ReturnResponse(String id, String saleId, String locationId, List<SaleLine> items, Money total,
    Instant createdAt) {

  public static ReturnResponse of(SaleReturn s) {
    return new ReturnResponse(s.id(), s.saleId(), s.locationId(), s.items(), s.total(), s.createdAt());
  }
}
