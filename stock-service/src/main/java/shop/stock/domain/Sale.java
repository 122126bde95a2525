package shop.stock.domain;

import java.time.Instant;
import java.util.List;

import shop.events.Money;
import shop.events.SaleLine;

/** A completed direct sale, priced at the time of sale. */
public record Sale(String id, String locationId, List<SaleLine> items, Money total, Instant createdAt) {
}
