package shop.cart.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** {@code POST /carts/{id}/items}: adds to the line of that product (the per-line limit is a cart rule: 422). */
public record AddItemRequest(
    @NotBlank @Size(max = 64) String productId,
    @NotNull @Positive @Max(10_000) Long quantity) {
}
