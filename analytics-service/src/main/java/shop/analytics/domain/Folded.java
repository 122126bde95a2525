package shop.analytics.domain;

/**
 * What an event leaves of an aggregate the figures follow (an order, a cart; null while still unknown) and what it
 * changes in the figures.
 */
public record Folded<S>(S after, Deltas deltas) {
}
