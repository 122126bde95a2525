package shop.stock.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import shop.platform.problem.Problem;
import shop.platform.problem.Rejections;
import shop.stock.domain.DomainException;
import shop.stock.domain.ErrorCode;

/**
 * Maps stock-service's business refusals to problem+json. Everything else a client can get wrong (validation,
 * unreadable JSON, unknown routes, timeouts, reused idempotency keys) is mapped by the platform's ProblemMappers.
 */
public class ErrorMappers {
  private final Rejections rejections;

  public ErrorMappers(Rejections rejections) {
    this.rejections = rejections;
  }

  @ServerExceptionMapper
  public Response domain(DomainException e) {
    return rejections.respond(Problem.of(status(e.code()), e.code().code(), e.getMessage())
        .withExtensions(e.extensions()));
  }

  static int status(ErrorCode code) {
    return switch (code) {
      case NOT_FOUND -> 404;
      case INSUFFICIENT_STOCK, RETURN_EXCEEDS_SALE, BELOW_RESERVED, DUPLICATE_SKU, DUPLICATE_ID -> 409;
      case UNKNOWN_PRODUCT, PRODUCT_INACTIVE, CURRENCY_MISMATCH, LIMIT_EXCEEDED -> 422;
    };
  }

}
