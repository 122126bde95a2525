package shop.cart.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/** {@code PUT /carts/{id}/items/{productId}}: 0 removes the line. */
public record ChangeQuantityRequest(@NotNull @PositiveOrZero @Max(10_000) Long quantity) {
}
