package shop.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One line of a sale or a return, priced at the time of the sale. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SaleLine(String productId, int quantity, Money unitPrice, Money lineTotal) {
}
