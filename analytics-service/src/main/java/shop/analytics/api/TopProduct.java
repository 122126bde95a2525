package shop.analytics.api;

import shop.events.Money;

/** A product's place in a ranking, with its units (net of returns and cancellations) and revenue. */
public record TopProduct(int rank, String productId, long units, Money revenue) {
}
