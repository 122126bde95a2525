package shop.stock.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import shop.stock.domain.ItemQuantity;

/** {@code POST /locations/{l}/sales} and {@code .../returns}: 1 to 100 lines. */
public record ItemsRequest(@NotNull @NotEmpty @Size(max = 100) List<@NotNull @Valid ItemRequest> items) {

  public List<ItemQuantity> toItems() {
    return items.stream().map(ItemRequest::toItem).toList();
  }
}
