package shop.stock.repository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.events.Money;
import shop.events.SaleLine;
import shop.stock.domain.ReturnDecision.ReturnableLine;
import shop.stock.domain.Sale;
import shop.stock.domain.SaleReturn;

/** Sales, their lines and returns. */
@ApplicationScoped
public class SaleRepository {

  /** Inserts a sale with its lines in one statement. */
  public Uni<Void> insert(SqlClient sql, Sale sale) {
    int n = sale.items().size();
    String[] products = new String[n];
    Integer[] quantities = new Integer[n];
    Long[] units = new Long[n];
    for (int i = 0; i < n; i++) {
      SaleLine l = sale.items().get(i);
      products[i] = l.productId();
      quantities[i] = l.quantity();
      units[i] = l.unitPrice().amount();
    }
    return sql.preparedQuery("with s as (insert into sale (id, location_id, currency, total_amount, created_at) "
        + "values ($1, $2, $3, $4, $5) returning id) "
        + "insert into sale_line (sale_id, line_no, product_id, quantity, unit_amount) "
        + "select s.id, l.n, l.product_id, l.quantity, l.unit from s, "
        + "unnest($6::text[], $7::int4[], $8::int8[]) with ordinality as l(product_id, quantity, unit, n)")
        .execute(Tuple.from(List.of(sale.id(), sale.locationId(), sale.total().currency(), sale.total().amount(),
            sale.createdAt().atOffset(java.time.ZoneOffset.UTC), products, quantities, units)))
        .replaceWithVoid();
  }

  /** Count of a location's sales. */
  public Uni<Long> count(SqlClient sql, String locationId) {
    return sql.preparedQuery("select count(*) from sale where location_id = $1").execute(Tuple.of(locationId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** A page of a location's sales, newest first, with their lines. */
  public Uni<List<Sale>> page(SqlClient sql, String locationId, int page, int size) {
    return sql.preparedQuery("select s.id, s.currency, s.total_amount, s.created_at, l.product_id, l.quantity, "
        + "l.unit_amount from (select * from sale where location_id = $1 order by created_at desc, id desc "
        + "limit $2 offset $3) s join sale_line l on l.sale_id = s.id order by s.created_at desc, s.id desc, l.line_no")
        .execute(Tuple.of(locationId, size, (long) page * size))
        .map(rows -> {
          Map<String, Sale> sales = new LinkedHashMap<>();
          for (Row r : rows) {
            String currency = r.getString("currency");
            Sale s = sales.computeIfAbsent(r.getString("id"), id -> new Sale(id, locationId,
                new ArrayList<>(), new Money(r.getLong("total_amount"), currency),
                r.getOffsetDateTime("created_at").toInstant()));
            Money unit = new Money(r.getLong("unit_amount"), currency);
            int q = r.getInteger("quantity");
            s.items().add(new SaleLine(r.getString("product_id"), q, unit, unit.times(q)));
          }
          return List.copyOf(sales.values());
        });
  }

  /**
   * Locks the lines of a sale made at the location, in product order, and returns what each still allows to return;
   * null when there is no such sale at that location.
   */
  public Uni<Map<String, ReturnableLine>> lockLines(SqlClient sql, String locationId, String saleId) {
    return sql.preparedQuery("select l.product_id, l.quantity, l.returned, l.unit_amount, s.currency "
        + "from sale s join sale_line l on l.sale_id = s.id where s.id = $1 and s.location_id = $2 "
        + "order by l.product_id for update of l")
        .execute(Tuple.of(saleId, locationId))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Map<String, ReturnableLine> lines = new HashMap<>();
          for (Row r : rows) {
            lines.put(r.getString("product_id"), new ReturnableLine(r.getString("product_id"),
                r.getInteger("quantity"), r.getInteger("returned"),
                new Money(r.getLong("unit_amount"), r.getString("currency"))));
          }
          return lines;
        });
  }

  /** Records a return: adds to the returned quantities (guarded by a check constraint) and stores the return. */
  public Uni<Void> insertReturn(SqlClient sql, SaleReturn ret, String itemsJson) {
    String saleId = ret.saleId();
    String[] products = ret.items().stream().map(SaleLine::productId).toArray(String[]::new);
    Integer[] quantities = ret.items().stream().map(SaleLine::quantity).toArray(Integer[]::new);
    return sql.preparedQuery("update sale_line l set returned = l.returned + u.q "
        + "from unnest($2::text[], $3::int4[]) as u(product_id, q) where l.sale_id = $1 and l.product_id = u.product_id")
        .execute(Tuple.of(saleId, products, quantities))
        .chain(() -> sql.preparedQuery("insert into sale_return (id, sale_id, items, total_amount, created_at) "
            + "values ($1, $2, $3, $4, $5)")
            .execute(Tuple.of(ret.id(), saleId, itemsJson, ret.total().amount(),
                ret.createdAt().atOffset(java.time.ZoneOffset.UTC))))
        .replaceWithVoid();
  }
}
