package shop.events;

/**
 * CloudEvents {@code type} values of the public contract. A breaking change gets a new {@code .v2} type;
 * within one version, payloads only gain optional fields and consumers ignore fields they do not know.
 */
public final class EventTypes {
  public static final String PRODUCT_CREATED = "product.created.v1";
  public static final String PRODUCT_UPDATED = "product.updated.v1";
  public static final String LOCATION_CREATED = "location.created.v1";
  public static final String STOCK_CHANGED = "stock.changed.v1";
  public static final String SALE_COMPLETED = "sale.completed.v1";
  public static final String SALE_RETURNED = "sale.returned.v1";

  private EventTypes() {
  }
}
