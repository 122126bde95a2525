package shop.cart.rest;

import jakarta.enterprise.context.ApplicationScoped;

import shop.cart.domain.ErrorCode;
import shop.platform.Refusal;
import shop.platform.problem.RefusalStatuses;

/** cart-service's refusal codes as HTTP statuses; the platform's ProblemMappers answers them as problem+json. */
@ApplicationScoped
public class CartRefusalStatuses implements RefusalStatuses {

  @Override
  public int status(Refusal.Code code) {
    return switch ((ErrorCode) code) {
      case NOT_FOUND -> 404;
      case CART_CLOSED, CART_EMPTY, ORDER_PENDING, ORDER_CLOSED -> 409;
      case LIMIT_EXCEEDED, UNKNOWN_PRODUCT, PRODUCT_UNAVAILABLE, CURRENCY_MISMATCH, MERGE_REFUSED -> 422;
    };
  }
}
