package shop.stock.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import shop.stock.domain.ItemQuantity;

/** One line of a sale or a return request. */
public record ItemRequest(
    @NotBlank @Size(max = 64) String productId,
    @NotNull @Positive @Max(ItemQuantity.MAX_PER_PRODUCT) Long quantity) {

  public ItemQuantity toItem() {
    return new ItemQuantity(productId, quantity.intValue()); // bounded by @Max
  }
}
