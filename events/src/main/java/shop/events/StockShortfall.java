package shop.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A line that could not be reserved: how many units were asked and how many were available then. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StockShortfall(String productId, long requested, long available) {
}
