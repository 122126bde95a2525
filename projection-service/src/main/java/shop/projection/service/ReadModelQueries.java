package shop.projection.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import shop.platform.paging.PageResponse;
import shop.platform.problem.ProblemException;
import shop.projection.api.CatalogueQuery;
import shop.projection.api.LocationStockItem;
import shop.projection.api.ProductSummary;
import shop.projection.api.ProductView;
import shop.projection.repository.ProductViewRepository;
import shop.projection.repository.StockViewCache;
import shop.projection.repository.StockViewRepository;
import shop.projection.repository.StockViewRepository.Level;

/** Queries over the read models. They answer what the projection has applied so far (eventually consistent). */
@ApplicationScoped
public class ReadModelQueries {
  private final ProductViewRepository products;
  private final StockViewRepository stock;
  private final StockViewCache stockCache;
  private final Pool pool;

  public ReadModelQueries(ProductViewRepository products, StockViewRepository stock, StockViewCache stockCache,
      Pool pool) {
    this.products = products;
    this.stock = stock;
    this.stockCache = stockCache;
    this.pool = pool;
  }

  /**
   * Catalogue search. {@code sort} must be one of the API's names; a {@code q} without a single letter or digit is
   * refused (it could only match everything or nothing).
   */
  public Uni<PageResponse<ProductSummary>> searchProducts(String q, String category, String locationId,
      boolean inStock, String sort, int page, int size) {
    List<String> words = CatalogueQuery.words(q);
    if (q != null && !q.isBlank() && words.isEmpty()) {
      throw invalid("q", "must contain a letter or a digit");
    }
    CatalogueQuery.Sort order = CatalogueQuery.Sort.parse(sort, !words.isEmpty());
    if (order == null) {
      throw invalid("sort", "must be one of name, price, -price, popularity");
    }
    return products.search(pool, new CatalogueQuery(words, blankToNull(category), blankToNull(locationId), inStock,
        order, page, size));
  }

  private static ProblemException invalid(String field, String message) {
    return ProblemException.invalid(field, message, field + " " + message);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  public Uni<ProductView> findProduct(String productId) {
    return products.find(pool, productId).map(p -> {
      if (p == null) {
        throw ProblemException.notFound("no product " + productId);
      }
      return p;
    });
  }

  /**
   * Stock of a location, by name, from Redis when it holds the whole list, else from PostgreSQL (then cached); an
   * empty list for a location with no stock seen yet.
   */
  public Uni<List<LocationStockItem>> findLocationStock(String locationId) {
    return stockCache.get(locationId).chain(cached -> cached != null
        ? Uni.createFrom().item(cached)
        : stock.findByLocation(pool, locationId).call(levels -> stockCache.fill(locationId, levels))
            .map(levels -> levels.stream().map(Level::item).sorted(LocationStockItem.BY_NAME).toList()));
  }
}
