package shop.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Events of one stock level, a (location, product) pair, on {@code stock-events} (key = {@link StockKey}). */
public sealed interface StockEvent permits StockEvent.Changed {

  String locationId();

  String productId();

  /**
   * {@code stock.changed.v1}. {@code delta} is the change of {@code onHand}; {@code reason} says why (sale, return,
   * receipt, count, ...) and {@code reference} names the causing sale, return or request. {@code version} is the
   * stock level's version after the change and equals the record's {@code ce_sequence}.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Changed(String locationId, String productId, long onHand, long reserved, long available, long delta,
      String reason, String reference, long version) implements StockEvent {
    public static final String REASON_SALE = "sale";
    public static final String REASON_RETURN = "return";
    public static final String REASON_RECEIPT = "receipt";
    public static final String REASON_COUNT = "count";
    /** Units held for an order ({@code reserved} up; reference = order id). */
    public static final String REASON_RESERVATION = "reservation";
    /** Held units given back: order cancelled or rejected, reservation expired ({@code reserved} down). */
    public static final String REASON_RELEASE = "release";
    /** Held units handed over for an order ({@code onHand} and {@code reserved} down). */
    public static final String REASON_FULFILMENT = "fulfilment";
  }
}
