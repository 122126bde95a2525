package shop.stock.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import shop.stock.domain.StockLevel;

/** {@code PUT /locations/{l}/stock/{p}}: an inventory count that sets on-hand. */
public record StockCountRequest(
    @NotNull @PositiveOrZero @Max(StockLevel.MAX_ON_HAND) Long onHand,
    @Size(max = 200) String reason) {
}
