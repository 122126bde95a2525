package shop.events;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Events of a sale on {@code sale-events} (key = saleId). */
public sealed interface SaleEvent permits SaleEvent.Completed, SaleEvent.Returned {

  String saleId();

  /**
   * {@code sale.completed.v1}: a POS sale, or the fulfilment of an order ({@code orderId} set, null for a POS sale): the
   * goods of a confirmed order left the location. A consumer counting orders counts an order once, at its
   * {@code order.confirmed.v1}, and this sale only for what it moves (stock, units sold).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  record Completed(String saleId, String locationId, List<SaleLine> items, Money total, Instant createdAt,
      String orderId) implements SaleEvent {

    /** A POS sale. */
    public Completed(String saleId, String locationId, List<SaleLine> items, Money total, Instant createdAt) {
      this(saleId, locationId, items, total, createdAt, null);
    }
  }

  /** {@code sale.returned.v1}: goods brought back and restocked. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Returned(String returnId, String saleId, String locationId, List<SaleLine> items, Money total,
      Instant createdAt) implements SaleEvent {
  }
}
