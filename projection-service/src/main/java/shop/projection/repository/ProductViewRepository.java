package shop.projection.repository;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.events.Money;
import shop.events.ProductEvent;
import shop.platform.paging.PageResponse;
import shop.projection.api.CatalogueQuery;
import shop.projection.api.ProductSummary;
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

  /** A page of the active catalogue matching the query, and how many match in all. */
  public Uni<PageResponse<ProductSummary>> search(SqlClient sql, CatalogueQuery q) {
    List<Object> args = new ArrayList<>();
    StringBuilder where = new StringBuilder(" where p.active");
    String tsquery = null;
    if (q.tsquery() != null) {
      args.add(q.tsquery());
      tsquery = "to_tsquery('simple', search_text($" + args.size() + "))";
      where.append(" and p.search @@ ").append(tsquery);
    }
    if (q.category() != null) {
      args.add(q.category());
      where.append(" and lower(p.category) = lower($").append(args.size()).append(")");
    }
    // the location comes last among the filters: the count query takes it only when the filter uses it
    String available;
    if (q.locationId() != null) {
      args.add(q.locationId());
      available = "coalesce((select s.available from stock_view s where s.product_id = p.product_id "
          + "and s.location_id = $" + args.size() + "), 0)";
    } else {
      available = "coalesce((select sum(s.available) from stock_view s where s.product_id = p.product_id), 0)";
    }
    if (q.inStock()) {
      where.append(" and ").append(available).append(" > 0");
    }
    String order;
    switch (q.sort()) {
      case PRICE :
        order = "p.price_amount, p.name";
        break;
      case PRICE_DESC :
        order = "p.price_amount desc, p.name";
        break;
      case POPULARITY :
        order = "popularity desc, p.name";
        break;
      case RELEVANCE :
        order = "ts_rank(p.search, " + tsquery + ") desc, p.name";
        break;
      default :
        order = "p.name";
    }
    Tuple countArgs = Tuple.from(q.locationId() != null && !q.inStock() ? args.subList(0, args.size() - 1) : args);
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add(q.size());
    pageArgs.add((long) q.page() * q.size());
    Uni<Long> total = sql.preparedQuery("select count(*) as total from product_view p" + where)
        .execute(countArgs).map(rows -> rows.iterator().next().getLong("total"));
    Uni<List<ProductSummary>> items = sql.preparedQuery("select p.product_id, p.sku, p.name, p.category, "
        + "p.price_amount, p.currency, p.active, coalesce(pop.units, 0) as popularity, " + available
        + " as available from product_view p left join product_popularity pop on pop.product_id = p.product_id"
        + where + " order by " + order + ", p.product_id limit $" + (args.size() + 1) + " offset $"
        + (args.size() + 2))
        .execute(Tuple.from(pageArgs))
        .map(rows -> {
          List<ProductSummary> hits = new ArrayList<>(rows.size());
          for (Row r : rows) {
            hits.add(new ProductSummary(r.getString("product_id"), r.getString("sku"), r.getString("name"),
                r.getString("category"), new Money(r.getLong("price_amount"), r.getString("currency")),
                r.getBoolean("active"), r.getLong("popularity"), r.getLong("available")));
          }
          return hits;
        });
    return Uni.combine().all().unis(items, total).asTuple()
        .map(t -> new PageResponse<>(t.getItem1(), q.page(), q.size(), t.getItem2()));
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
