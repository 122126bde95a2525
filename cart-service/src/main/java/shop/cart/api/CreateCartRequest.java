package shop.cart.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /carts}: ownerId absent for a guest cart. */
public record CreateCartRequest(
    @Size(min = 1, max = 64) @Pattern(regexp = "[\\x21-\\x7E]+", message = "visible ASCII characters only") String ownerId,
    @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "letters, digits, '.', '_' and '-' only") String locationId,
    @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {
}
