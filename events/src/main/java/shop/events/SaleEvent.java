package shop.events;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Events of a sale on {@code sale-events} (key = saleId). */
public sealed interface SaleEvent permits SaleEvent.Completed, SaleEvent.Returned {

  String saleId();

  /** {@code sale.completed.v1}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Completed(String saleId, String locationId, List<SaleLine> items, Money total, Instant createdAt)
      implements
        SaleEvent {
  }

  /** {@code sale.returned.v1}: goods brought back and restocked. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Returned(String returnId, String saleId, String locationId, List<SaleLine> items, Money total,
      Instant createdAt) implements SaleEvent {
  }
}
