package shop.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * POS sales of 2 different products at a random location, each with its own Idempotency-Key, at a constant arrival
 * rate. The stock per (location, product) is large, so every sale is expected to succeed (201).
 */
public class PosSaleSimulation extends Simulation {
  static final String CATALOGUE = System.getProperty("catalogue", "catalogue.csv");

  Iterator<Map<String, Object>> keys = Stream
      .generate(() -> Map.<String, Object>of("key", UUID.randomUUID().toString()))
      .iterator();

  ChainBuilder sale = feed(csv(CATALOGUE).random())
      .feed(keys)
      .exec(http("sale").post("/locations/#{locationId}/sales")
          .header("Idempotency-Key", "#{key}")
          .body(StringBody("{\"items\":[{\"productId\":\"#{product1}\",\"quantity\":1},"
              + "{\"productId\":\"#{product2}\",\"quantity\":1}]}"))
          .check(status().is(201)));

  {
    setUp(OpenLoop.warmedUp("pos-sale", sale)).protocols(OpenLoop.protocol());
  }
}
