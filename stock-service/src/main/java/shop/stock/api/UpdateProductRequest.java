package shop.stock.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code PUT /products/{id}}: every field optional; absent fields keep their value. */
public record UpdateProductRequest(
    @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
    @Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String category,
    @Valid MoneyDto price,
    Boolean active) {
}
