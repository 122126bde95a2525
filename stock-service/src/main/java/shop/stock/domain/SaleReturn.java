package shop.stock.domain;

import java.time.Instant;
import java.util.List;

import shop.events.Money;
import shop.events.SaleLine;

/** Goods brought back against a sale and restocked. */
public record SaleReturn(String id, String saleId, String locationId, List<SaleLine> items, Money total,
    Instant createdAt) {
}
