package shop.projection.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import shop.platform.problem.ProblemException;
import shop.projection.api.LocationStockItem;
import shop.projection.api.ProductView;
import shop.projection.repository.ProductViewRepository;
import shop.projection.repository.StockViewRepository;

/** Queries over the read models. They answer what the projection has applied so far (eventually consistent). */
@ApplicationScoped
public class ReadModelQueries {
  private final ProductViewRepository products;
  private final StockViewRepository stock;
  private final Pool pool;

  public ReadModelQueries(ProductViewRepository products, StockViewRepository stock, Pool pool) {
    this.products = products;
    this.stock = stock;
    this.pool = pool;
  }

  public Uni<ProductView> findProduct(String productId) {
    return products.find(pool, productId).map(p -> {
      if (p == null) {
        throw ProblemException.notFound("no product " + productId);
      }
      return p;
    });
  }

  /** Stock of a location; an empty list for a location with no stock seen yet. */
  public Uni<List<LocationStockItem>> findLocationStock(String locationId) {
    return stock.findByLocation(pool, locationId);
  }
}
