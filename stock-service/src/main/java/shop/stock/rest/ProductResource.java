package shop.stock.rest;

import static shop.platform.command.CommandResponses.IDEMPOTENCY_KEY;
import static shop.platform.command.CommandResponses.KEY_MESSAGE;
import static shop.platform.command.CommandResponses.KEY_PATTERN;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import shop.platform.command.CommandResponses;
import shop.platform.command.IfMatch;
import shop.platform.security.Callers;
import shop.platform.security.Roles;
import shop.stock.api.CreateProductRequest;
import shop.stock.api.UpdateProductRequest;
import shop.stock.service.ProductService;

/** Product catalogue (owner of prices): admins change it, anyone reads a product. */
@Path("/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProductResource {

  private final ProductService service;
  private final Callers callers;

  public ProductResource(ProductService service, Callers callers) {
    this.service = service;
    this.callers = callers;
  }

  @POST
  @RolesAllowed(Roles.ADMIN)
  public Uni<Response> create(
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @NotNull @Valid CreateProductRequest body) {
    return callers.current().chain(c -> service.createProduct(c.scope(key), body))
        .map(CommandResponses::toResponse);
  }

  @PUT
  @Path("/{productId}")
  @RolesAllowed(Roles.ADMIN)
  public Uni<Response> update(@PathParam("productId") @Size(max = 64) String productId,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull @Valid UpdateProductRequest body) {
    Long version = IfMatch.version(ifMatch);
    return callers.current().chain(c -> service.updateProduct(c.scope(key), productId, version, body))
        .map(CommandResponses::toResponse);
  }

  @GET
  @Path("/{productId}")
  @PermitAll
  public Uni<Response> get(@PathParam("productId") String productId) {
    return service.findProductById(productId)
        .map(p -> Response.ok(p).tag(new EntityTag(String.valueOf(p.version()))).build());
  }
}
