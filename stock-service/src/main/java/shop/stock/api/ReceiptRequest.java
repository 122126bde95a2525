package shop.stock.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** {@code POST /locations/{l}/stock/{p}/receipts}: goods received. */
public record ReceiptRequest(@NotNull @Positive @Max(1_000_000) Long quantity) {
}
