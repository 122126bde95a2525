package shop.stock.api;

import java.time.Instant;
import java.util.List;

import shop.events.Money;
import shop.events.SaleLine;

/** Goods returned against a sale and restocked. */
public record ReturnResponse(String id, String saleId, String locationId, List<SaleLine> items, Money total,
    Instant createdAt) {
}
