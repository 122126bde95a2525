package shop.cart.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /carts/{id}/merge}: the guest cart to merge into this one. */
public record MergeRequest(@NotBlank @Size(max = 64) String sourceCartId) {
}
