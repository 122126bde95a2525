package shop.stock.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /products}. */
public record CreateProductRequest(
    @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "letters, digits, '.', '_' and '-' only") String sku,
    @NotBlank @Size(max = 200) String name,
    @NotBlank @Size(max = 100) String category,
    @NotNull @Valid MoneyDto price,
    Boolean active) {
}
