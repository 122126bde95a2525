package shop.stock.rest;

import jakarta.enterprise.context.ApplicationScoped;

import shop.platform.Refusal;
import shop.platform.problem.RefusalStatuses;
import shop.stock.domain.ErrorCode;

/** stock-service's refusal codes as HTTP statuses; the platform's ProblemMappers answers them as problem+json. */
@ApplicationScoped
public class StockRefusalStatuses implements RefusalStatuses {

  @Override
  public int status(Refusal.Code code) {
    return switch ((ErrorCode) code) {
      case NOT_FOUND -> 404;
      case INSUFFICIENT_STOCK, RETURN_EXCEEDS_SALE, BELOW_RESERVED, DUPLICATE_SKU, DUPLICATE_ID -> 409;
      case UNKNOWN_PRODUCT, PRODUCT_INACTIVE, CURRENCY_MISMATCH, LIMIT_EXCEEDED -> 422;
    };
  }
}
