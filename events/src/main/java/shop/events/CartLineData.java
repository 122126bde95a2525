package shop.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A cart line as carried by cart events: product, name and unit price snapshotted when first added, quantity. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CartLineData(String productId, String name, Money unitPrice, int quantity) {
}
