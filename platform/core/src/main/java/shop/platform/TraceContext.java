package shop.platform;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * The W3C trace context ({@code traceparent}) carried by what a request writes (outbox rows, event metadata), through
 * OpenTelemetry's configured propagator rather than strings built and split by hand.
 */
@ApplicationScoped
public class TraceContext {
  private static final String TRACEPARENT = "traceparent";
  private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private final TextMapPropagator propagator;

  public TraceContext(OpenTelemetry otel) {
    this.propagator = otel.getPropagators().getTextMapPropagator();
  }

  /** The {@code traceparent} of the current span, or null outside a trace. */
  public String currentTraceparent() {
    Map<String, String> carrier = new HashMap<>();
    propagator.inject(Context.current(), carrier, Map::put);
    return carrier.get(TRACEPARENT);
  }

  /** The context a {@code traceparent} names, for spans that continue that trace (the root context for null). */
  public Context parentOf(String traceparent) {
    if (traceparent == null || traceparent.isEmpty()) {
      return Context.root();
    }
    return propagator.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP_GETTER);
  }

  /** The trace id a {@code traceparent} names, or null when there is none or it is invalid. */
  public String traceIdOf(String traceparent) {
    SpanContext ctx = Span.fromContext(parentOf(traceparent)).getSpanContext();
    return ctx.isValid() ? ctx.getTraceId() : null;
  }
}
