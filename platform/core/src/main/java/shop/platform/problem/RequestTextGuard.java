package shop.platform.problem;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import shop.platform.StrictJson;

/**
 * Refuses, before any resource runs, a path or query parameter that holds a control character (a NUL, which
 * PostgreSQL refuses to store or compare, included) or half of a surrogate pair: {@code 400 malformed-request}. Ids
 * are compared with stored text, so such a value could only ever be an error; refusing it here keeps every resource
 * and repository free of the check. Bodies are checked by {@link StrictJson}.
 */
public class RequestTextGuard {
  /** Where Quarkus' HTTP metrics read a request's route template. */
  static final String URL_PATH_TEMPLATE = "UrlPathTemplate";
  private final Rejections rejections;

  public RequestTextGuard(Rejections rejections) {
    this.rejections = rejections;
  }

  @ServerRequestFilter(preMatching = true)
  public Response refuseControlCharacters(ContainerRequestContext request) {
    var uri = request.getUriInfo();
    if (StrictJson.badCharacter(uri.getPath()) >= 0 || hasBadValue(uri.getQueryParameters())) {
      // the HTTP metrics would tag the raw path (one tag per made-up id): name the route as unmatched instead
      Context context = Vertx.currentContext();
      if (context != null) {
        context.putLocal(URL_PATH_TEMPLATE, HttpMetrics.UNMATCHED_URI);
      }
      return rejections.respond(Problem.of(400, ProblemMappers.MALFORMED_REQUEST, "Malformed request",
          "the path or a query parameter holds a control character"));
    }
    return null;
  }

  private static boolean hasBadValue(Map<String, List<String>> params) {
    for (Map.Entry<String, List<String>> e : params.entrySet()) {
      if (StrictJson.badCharacter(e.getKey()) >= 0) {
        return true;
      }
      for (String v : e.getValue()) {
        if (StrictJson.badCharacter(v) >= 0) {
          return true;
        }
      }
    }
    return false;
  }
}
