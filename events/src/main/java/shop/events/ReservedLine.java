package shop.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Units of one product held for an order (summed over the order's lines of that product). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReservedLine(String productId, long quantity) {
}
