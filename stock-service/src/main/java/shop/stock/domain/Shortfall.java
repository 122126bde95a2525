package shop.stock.domain;

/** A sale line that cannot be served: how much was asked and how much is available right now. */
public record Shortfall(String productId, long requested, long available) {
}
