package shop.cart.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import shop.cart.domain.CartException;
import shop.platform.problem.Problem;
import shop.platform.problem.Rejections;

/** Cart rule refusals as problem+json; everything else a client can get wrong is mapped by the platform. */
public class CartErrorMappers {
  private final Rejections rejections;

  public CartErrorMappers(Rejections rejections) {
    this.rejections = rejections;
  }

  @ServerExceptionMapper
  public Response cart(CartException e) {
    return rejections.respond(Problem.of(status(e.code()), e.code().wire(), e.getMessage()));
  }

  static int status(CartException.Code code) {
    return switch (code) {
      case NOT_FOUND -> 404;
      case CART_CLOSED, CART_EMPTY -> 409;
      case LIMIT_EXCEEDED, UNKNOWN_PRODUCT, PRODUCT_UNAVAILABLE, CURRENCY_MISMATCH, MERGE_REFUSED -> 422;
    };
  }

}
