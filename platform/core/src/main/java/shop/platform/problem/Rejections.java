package shop.platform.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.micrometer.core.instrument.MeterRegistry;

/** Counts client errors by code ({@code api_rejections_total{code}}) and turns problems into responses. */
@ApplicationScoped
public class Rejections {
  private final MeterRegistry registry;

  public Rejections(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The problem+json response, counted; {@code 503 unavailable} carries {@code Retry-After}. */
  public Response respond(Problem p) {
    count(p);
    Response r = p.toResponse();
    if (p.status() == 503) {
      r.getHeaders().putSingle("Retry-After", "1");
    }
    return r;
  }

  /** Counts a problem answered outside JAX-RS. */
  public void count(Problem p) {
    registry.counter("api.rejections", "code", p.code()).increment();
  }
}
