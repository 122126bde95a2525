package shop.stock.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /locations}: the id is optional (generated when absent), and so is the time zone (IANA id; the configured
 * default {@code stock.locations.default-time-zone} when absent): the day of a sale is taken in it.
 */
public record CreateLocationRequest(
    @Size(min = 1, max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "letters, digits, '.', '_' and '-' only") String id,
    @NotBlank @Size(max = 200) String name,
    @Size(max = 64) @TimeZoneId String timeZone) {
}
