package shop.analytics.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures a batch of events changes, summed per row, so that a batch is one upsert per table whatever its size.
 * Rows come out in key order: two transactions touching the same rows lock them in the same order.
 */
public final class Deltas {
  private final Map<String, FigureDelta> figures = new TreeMap<>();
  private final Map<String, ProductDelta> products = new TreeMap<>();
  private final Map<String, String> currencies = new TreeMap<>();

  public Deltas add(FigureDelta d) {
    figures.merge(d.key(), d, FigureDelta::plus);
    currencies.putIfAbsent(d.locationId(), d.currency());
    return this;
  }

  public Deltas add(ProductDelta d) {
    products.merge(d.key(), d, ProductDelta::plus);
    return this;
  }

  public Deltas addAll(Deltas other) {
    other.figures.values().forEach(this::add);
    other.products.values().forEach(this::add);
    return this;
  }

  public List<FigureDelta> figures() {
    return new ArrayList<>(figures.values());
  }

  public List<ProductDelta> products() {
    return new ArrayList<>(products.values());
  }

  /** The first currency each location's figures came in (the default its figures are answered in), by location. */
  public Map<String, String> currencies() {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(currencies));
  }

  public boolean isEmpty() {
    return figures.isEmpty() && products.isEmpty();
  }
}
