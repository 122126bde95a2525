package shop.stock.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import shop.platform.PgErrors;
import shop.platform.Refusal;
import shop.platform.command.CommandResult;
import shop.platform.command.CommandRunner;
import shop.platform.command.CommandRunner.Reply;
import shop.platform.command.IfMatch;
import shop.platform.outbox.OutboxRepository;
import shop.stock.api.CreateProductRequest;
import shop.stock.api.ProductResponse;
import shop.stock.api.UpdateProductRequest;
import shop.stock.domain.ErrorCode;
import shop.stock.domain.Product;
import shop.stock.repository.ProductRepository;

/** Product catalogue commands and reads; every change emits a product event through the outbox. */
@ApplicationScoped
public class ProductService {
  private final CommandRunner commands;
  private final ProductRepository products;
  private final OutboxRepository outbox;
  private final Pool pool;

  public ProductService(CommandRunner commands, ProductRepository products, OutboxRepository outbox, Pool pool) {
    this.commands = commands;
    this.products = products;
    this.outbox = outbox;
    this.pool = pool;
  }

  @WithSpan("ProductService.createProduct")
  public Uni<CommandResult> createProduct(String idempotencyKey, CreateProductRequest req) {
    return commands.run(idempotencyKey, List.of("createProduct", req), (conn, trace) -> {
      Product p = new Product(UUID.randomUUID().toString(), req.sku(), req.name().strip(), req.category().strip(),
          req.price().toMoney(), req.active() == null || req.active(), 1);
      return products.insert(conn, p)
          .onFailure(e -> PgErrors.isConstraint(e, "product_sku_key")).transform(e -> new Refusal(
              ErrorCode.DUPLICATE_SKU, "a product with sku " + req.sku() + " already exists"))
          .chain(() -> outbox.append(conn, trace, List.of(OutboxEvents.product(p, true))))
          .replaceWith(reply(201, p, "/products/" + p.id()));
    });
  }

  @WithSpan("ProductService.updateProduct")
  public Uni<CommandResult> updateProduct(String idempotencyKey, String id, Long expectedVersion,
      UpdateProductRequest req) {
    return commands.run(idempotencyKey, List.of("updateProduct", id, String.valueOf(expectedVersion), req),
        (conn, trace) -> products.lock(conn, id).chain(current -> {
          if (current == null) {
            throw notFound(id);
          }
          IfMatch.check(expectedVersion, current.version(), "the product");
          Product updated = current.update(req.name() == null ? null : req.name().strip(),
              req.category() == null ? null : req.category().strip(),
              req.price() == null ? null : req.price().toMoney(), req.active());
          if (sameContent(current, updated)) {
            return Uni.createFrom().item(reply(200, current, null));
          }
          return products.update(conn, updated)
              .chain(() -> outbox.append(conn, trace, List.of(OutboxEvents.product(updated, false))))
              .replaceWith(reply(200, updated, null));
        }));
  }

  public Uni<ProductResponse> findProductById(String id) {
    return products.find(pool, id).map(p -> {
      if (p == null) {
        throw notFound(id);
      }
      return ProductResponse.of(p);
    });
  }

  private static Reply reply(int status, Product p, String location) {
    return new Reply(status, ProductResponse.of(p), location, String.valueOf(p.version()));
  }

  private static boolean sameContent(Product a, Product b) {
    return a.name().equals(b.name()) && a.category().equals(b.category()) && a.price().equals(b.price())
        && a.active() == b.active();
  }

  static Refusal notFound(String id) {
    return new Refusal(ErrorCode.NOT_FOUND, "no product " + id);
  }
}
