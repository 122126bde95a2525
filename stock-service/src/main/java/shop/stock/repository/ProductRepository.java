package shop.stock.repository;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.events.Money;
import shop.stock.domain.PricedProduct;
import shop.stock.domain.Product;

/** Products table access. */
@ApplicationScoped
public class ProductRepository {
  private static final String COLUMNS = "id, sku, name, category, price_amount, currency, active, version";

  public Uni<Void> insert(SqlClient sql, Product p) {
    return sql.preparedQuery("insert into product (" + COLUMNS + ") values ($1, $2, $3, $4, $5, $6, $7, $8)")
        .execute(Tuple.from(List.of(p.id(), p.sku(), p.name(), p.category(), p.price().amount(),
            p.price().currency(), p.active(), p.version())))
        .replaceWithVoid();
  }

  /** Reads and locks a product for update; null when it does not exist. */
  public Uni<Product> lock(SqlClient sql, String id) {
    return sql.preparedQuery("select " + COLUMNS + " from product where id = $1 for no key update")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : toProduct(rows.iterator().next()));
  }

  public Uni<Void> update(SqlClient sql, Product p) {
    return sql.preparedQuery("update product set name = $2, category = $3, price_amount = $4, currency = $5, "
        + "active = $6, version = $7, updated_at = now() where id = $1")
        .execute(Tuple.from(List.of(p.id(), p.name(), p.category(), p.price().amount(), p.price().currency(),
            p.active(), p.version())))
        .replaceWithVoid();
  }

  public Uni<Product> find(SqlClient sql, String id) {
    return sql.preparedQuery("select " + COLUMNS + " from product where id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : toProduct(rows.iterator().next()));
  }

  /** Price and status of the given products that exist. */
  public Uni<Map<String, PricedProduct>> findPriced(SqlClient sql, String[] ids) {
    return sql.preparedQuery("select id, price_amount, currency, active from product where id = any($1)")
        .execute(Tuple.of(ids))
        .map(rows -> {
          Map<String, PricedProduct> found = new HashMap<>();
          for (Row r : rows) {
            found.put(r.getString("id"), new PricedProduct(r.getString("id"),
                new Money(r.getLong("price_amount"), r.getString("currency")), r.getBoolean("active")));
          }
          return found;
        });
  }

  private static Product toProduct(Row r) {
    return new Product(r.getString("id"), r.getString("sku"), r.getString("name"), r.getString("category"),
        new Money(r.getLong("price_amount"), r.getString("currency")), r.getBoolean("active"), r.getLong("version"));
  }
}
