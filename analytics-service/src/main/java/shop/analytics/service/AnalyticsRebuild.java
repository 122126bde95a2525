package shop.analytics.service;

import java.util.List;

import jakarta.inject.Singleton;

import io.vertx.mutiny.sqlclient.Pool;

import shop.analytics.config.AnalyticsConfig;
import shop.analytics.messaging.AnalyticsProjection;
import shop.platform.messaging.KafkaConnection;
import shop.platform.projection.Rebuilds;

/**
 * {@code POST /analytics/rebuild}: the figures rebuilt from the whole history of their four topics into fresh tables
 * while the live ones keep answering, then swapped in ({@link Rebuilds}). The live activity is not part of it: Kafka
 * Streams restores its stores from their changelog topics, and they only hold the last hour.
 */
@Singleton
public class AnalyticsRebuild extends Rebuilds {
  public AnalyticsRebuild(AnalyticsProjection figures, Pool pool, KafkaConnection kafka,
      AnalyticsConfig config) {
    super(List.of(figures), pool, kafka, config.rebuild().swapWhenBehind(), config.rebuild().cooldown());
  }
}
