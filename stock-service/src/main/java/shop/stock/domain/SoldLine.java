package shop.stock.domain;

import shop.events.Money;

/** One decided line of a sale or return: priced, with the stock level it produces. */
public record SoldLine(String productId, int quantity, Money unitPrice, Money lineTotal, StockLevel after,
    long delta) {
}
