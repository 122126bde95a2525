package shop.cart.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /carts/{id}/merge}: the cart to merge into this one, and its cart token when it is a guest cart (a cart
 * of the same owner needs none).
 */
public record MergeRequest(@NotBlank @Size(max = 64) String sourceCartId, @Size(max = 100) String sourceCartToken) {
}
