package shop.cart.repository;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.cart.domain.CatalogueProduct;
import shop.events.Money;
import shop.events.ProductEvent;

/** The product catalogue cart-service keeps from product-events. */
@ApplicationScoped
public class CatalogueRepository {

  /** Stores the product unless a newer (or the same) version is already there; true when it changed the table. */
  public Uni<Boolean> upsert(SqlClient sql, ProductEvent p) {
    return sql
        .preparedQuery("insert into catalogue_product (product_id, name, price_amount, currency, active, version) "
            + "values ($1, $2, $3, $4, $5, $6) on conflict (product_id) do update set name = excluded.name, "
            + "price_amount = excluded.price_amount, currency = excluded.currency, active = excluded.active, "
            + "version = excluded.version, updated_at = now() where catalogue_product.version < excluded.version")
        .execute(Tuple.from(java.util.List.of(p.productId(), p.name(), p.price().amount(), p.price().currency(),
            p.active(), p.version())))
        .map(rows -> rows.rowCount() == 1);
  }

  public Uni<CatalogueProduct> find(SqlClient sql, String productId) {
    return findAll(sql, new String[]{productId}).map(m -> m.get(productId));
  }

  public Uni<Map<String, CatalogueProduct>> findAll(SqlClient sql, String[] productIds) {
    return sql.preparedQuery("select product_id, name, price_amount, currency, active from catalogue_product "
        + "where product_id = any($1)")
        .execute(Tuple.of((Object) productIds))
        .map(rows -> {
          Map<String, CatalogueProduct> found = new HashMap<>();
          for (Row r : rows) {
            found.put(r.getString("product_id"), new CatalogueProduct(r.getString("product_id"), r.getString("name"),
                new Money(r.getLong("price_amount"), r.getString("currency")), r.getBoolean("active")));
          }
          return found;
        });
  }
}
