package shop.stock.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import shop.platform.PgErrors;
import shop.platform.Refusal;
import shop.platform.command.CommandResult;
import shop.platform.command.CommandRunner;
import shop.platform.command.CommandRunner.Reply;
import shop.platform.outbox.OutboxRepository;
import shop.stock.api.CreateLocationRequest;
import shop.stock.api.LocationResponse;
import shop.stock.domain.ErrorCode;
import shop.stock.repository.LocationRepository;
import shop.stock.repository.LocationRepository.LocationRow;

/** Locations (shops and bars). */
@ApplicationScoped
public class LocationService {
  private final CommandRunner commands;
  private final LocationRepository locations;
  private final OutboxRepository outbox;
  private final Pool pool;
  private final String defaultTimeZone;

  public LocationService(CommandRunner commands, LocationRepository locations, OutboxRepository outbox, Pool pool,
      @ConfigProperty(name = "stock.locations.default-time-zone") String defaultTimeZone) {
    this.defaultTimeZone = java.time.ZoneId.of(defaultTimeZone).getId(); // a bad setting stops the start
    this.commands = commands;
    this.locations = locations;
    this.outbox = outbox;
    this.pool = pool;
  }

  @WithSpan("LocationService.createLocation")
  public Uni<CommandResult> createLocation(String idempotencyKey, CreateLocationRequest req) {
    return commands.run(idempotencyKey, List.of("createLocation", req), (conn, trace) -> {
      LocationRow l = new LocationRow(req.id() != null ? req.id() : UUID.randomUUID().toString(), req.name().strip(),
          req.timeZone() != null ? req.timeZone() : defaultTimeZone);
      return locations.insert(conn, l)
          .onFailure(e -> PgErrors.isConstraint(e, "location_pkey")).transform(e -> new Refusal(
              ErrorCode.DUPLICATE_ID, "a location with id " + l.id() + " already exists"))
          .chain(() -> outbox.append(conn, trace, List.of(OutboxEvents.location(l.id(), l.name(), l.timeZone()))))
          .replaceWith(new Reply(201, new LocationResponse(l.id(), l.name(), l.timeZone()), "/locations/" + l.id()));
    });
  }

  public Uni<LocationResponse> findLocationById(String id) {
    return locations.find(pool, id).map(l -> {
      if (l == null) {
        throw notFound(id);
      }
      return new LocationResponse(l.id(), l.name(), l.timeZone());
    });
  }

  static Refusal notFound(String id) {
    return new Refusal(ErrorCode.NOT_FOUND, "no location " + id);
  }
}
