package shop.projection.service;

import java.util.List;

import jakarta.inject.Singleton;

import io.quarkus.arc.All;
import io.vertx.mutiny.sqlclient.Pool;

import shop.platform.messaging.KafkaConnection;
import shop.platform.projection.Projection;
import shop.platform.projection.Rebuilds;
import shop.projection.config.ProjectionConfig;

/**
 * Rebuilds of projection-service's read models ({@code POST /projections/{name}/rebuild}), as {@link Rebuilds} runs
 * them, with {@code projection.rebuild.swap-when-behind} and {@code projection.rebuild.cooldown}.
 */
@Singleton
public class ProjectionRebuilds extends Rebuilds {
  public ProjectionRebuilds(@All List<Projection> projections, Pool pool, KafkaConnection kafka,
      ProjectionConfig config) {
    super(projections, pool, kafka, config.rebuild().swapWhenBehind(), config.rebuild().cooldown());
  }
}
