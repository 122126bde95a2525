package shop.stock.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /locations}: the id is optional (generated when absent). */
public record CreateLocationRequest(
    @Size(min = 1, max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "letters, digits, '.', '_' and '-' only") String id,
    @NotBlank @Size(max = 200) String name) {
}
