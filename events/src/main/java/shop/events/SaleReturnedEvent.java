package shop.events;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Payload of {@code sale.returned.v1} on {@code sale-events} (key = saleId): goods brought back and restocked. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SaleReturnedEvent(String returnId, String saleId, String locationId, List<SaleLine> items, Money total,
    Instant createdAt) {
}
