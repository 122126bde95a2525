package shop.stock.api;

/** A location (shop or bar). */
public record LocationResponse(String id, String name) {
}
