package shop.projection.api;

import shop.events.Money;

/**
 * One catalogue search hit: the product, its popularity (units sold, net of returns) and what is available, at the
 * location asked for, else across all locations.
 */
public record ProductSummary(String id, String sku, String name, String category, Money price, boolean active,
    long popularity, long available) {
}
