package shop.stock.api;

/** A location (shop or bar) and the IANA time zone its days are counted in. */
public record LocationResponse(String id, String name, String timeZone) {
}
