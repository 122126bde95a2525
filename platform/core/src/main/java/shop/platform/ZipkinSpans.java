package shop.platform;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Also sends the spans to a Zipkin server when {@code shop.tracing.zipkin-endpoint} names one (its
 * {@code /api/v2/spans}): the trace viewer of the local stack ({@code deploy/local/stack.sh up --observe}) and of the
 * end-to-end tests, where no OpenTelemetry collector runs. Production sends OTLP to its collector
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}); without the setting this exporter drops what it is given.
 */
@ApplicationScoped
public class ZipkinSpans {
  @Produces
  @Singleton
  SpanExporter zipkin(@ConfigProperty(name = "shop.tracing.zipkin-endpoint") Optional<String> endpoint) {
    return endpoint.filter(e -> !e.isBlank())
        .<SpanExporter>map(e -> ZipkinSpanExporter.builder().setSender(URLConnectionSender.create(e)).build())
        .orElseGet(SpanExporter::composite);
  }
}
