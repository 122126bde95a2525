package shop.projection.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import shop.events.Money;
import shop.events.ProductEvent;
import shop.projection.api.ProductView;

/** The catalogue read model. */
@ApplicationScoped
public class ProductViewRepository {

  /** Applies a product event unless the view already holds that version or a newer one; true when it changed. */
  public Uni<Boolean> apply(SqlClient sql, ProductEvent p) {
    return sql.preparedQuery("insert into product_view (product_id, sku, name, category, price_amount, currency, "
        + "active, version) values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (product_id) do update set "
        + "sku = excluded.sku, name = excluded.name, category = excluded.category, "
        + "price_amount = excluded.price_amount, currency = excluded.currency, active = excluded.active, "
        + "version = excluded.version, updated_at = now() where product_view.version < excluded.version")
        .execute(Tuple.from(List.of(p.productId(), p.sku(), p.name(), p.category(), p.price().amount(),
            p.price().currency(), p.active(), p.version())))
        .map(rows -> rows.rowCount() == 1);
  }

  /** A product with its availability at every location that has a stock level; null when unknown. */
  public Uni<ProductView> find(SqlClient sql, String productId) {
    return sql.preparedQuery("select p.product_id, p.sku, p.name, p.category, p.price_amount, p.currency, p.active, "
        + "p.version, s.location_id, s.available from product_view p left join stock_view s "
        + "on s.product_id = p.product_id where p.product_id = $1 order by s.location_id")
        .execute(Tuple.of(productId))
        .map(rows -> {
          ProductView view = null;
          for (Row r : rows) {
            if (view == null) {
              view = new ProductView(r.getString("product_id"), r.getString("sku"), r.getString("name"),
                  r.getString("category"), new Money(r.getLong("price_amount"), r.getString("currency")),
                  r.getBoolean("active"), r.getLong("version"), new java.util.ArrayList<>());
            }
            if (r.getString("location_id") != null) {
              view.stock().add(new ProductView.LocationStock(r.getString("location_id"), r.getLong("available")));
            }
          }
          return view;
        });
  }
}
