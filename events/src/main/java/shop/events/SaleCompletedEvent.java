package shop.events;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Payload of {@code sale.completed.v1} on {@code sale-events} (key = saleId). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SaleCompletedEvent(String saleId, String locationId, List<SaleLine> items, Money total,
    Instant createdAt) {
}
