package shop.platform.problem;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import shop.platform.Refusal;

/**
 * The one place where failures become {@code application/problem+json}. Every client error has a stable code and a
 * 4xx status; only a defect of ours is a 500, and it never leaks internals. Rejections are counted by code.
 */
public class ProblemMappers {
  public static final String VALIDATION_FAILED = "validation-failed";
  public static final String MALFORMED_REQUEST = "malformed-request";
  public static final String NOT_FOUND = "not-found";
  public static final String UNAUTHENTICATED = "unauthenticated";
  public static final String FORBIDDEN = "forbidden";

  private final Rejections rejections;
  private final Instance<RefusalStatuses> statuses;

  public ProblemMappers(Rejections rejections, Instance<RefusalStatuses> statuses) {
    this.rejections = rejections;
    this.statuses = statuses;
  }

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    Response r = rejections.respond(e.problem());
    if (e.retryAfter() != null) {
      r.getHeaders().putSingle("Retry-After", String.valueOf(e.retryAfter()));
    }
    return r;
  }

  /** A domain's refusal, with the status its service's {@link RefusalStatuses} gives the code (422 if none does). */
  @ServerExceptionMapper
  public Response refusal(Refusal e) {
    int status = statuses.isResolvable() ? statuses.get().status(e.code()) : 422;
    return rejections.respond(Problem.of(status, e.code().wire(), e.getMessage()).withExtensions(e.extensions()));
  }

  /** No credentials, or a bearer token that failed verification (signature, issuer, audience, expiry). */
  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthenticated(RuntimeException e) {
    Response r = rejections.respond(Problem.of(401, UNAUTHENTICATED, "Unauthorized",
        "a valid bearer token is required"));
    r.getHeaders().putSingle(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    return r;
  }

  /** A valid token without the right: another role, or another location. */
  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return rejections.respond(Problem.of(403, FORBIDDEN, "Forbidden", "this token does not allow it"));
  }

  @ServerExceptionMapper
  public Response validation(ConstraintViolationException e) {
    List<Problem.FieldError> errors = new ArrayList<>();
    for (ConstraintViolation<?> v : e.getConstraintViolations()) {
      errors.add(new Problem.FieldError(field(v.getPropertyPath()), v.getMessage()));
    }
    errors.sort(java.util.Comparator.comparing(Problem.FieldError::field));
    return rejections.respond(Problem.of(400, VALIDATION_FAILED, "Validation failed",
        errors.size() + " field(s) are invalid").withErrors(errors));
  }

  @ServerExceptionMapper
  public Response unknownField(UnrecognizedPropertyException e) {
    return rejections.respond(Problem.of(400, VALIDATION_FAILED, "Validation failed", "unknown field")
        .withErrors(List.of(new Problem.FieldError(jsonPath(e), "unknown field"))));
  }

  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e) {
    if (e.getMessage() != null && e.getMessage().startsWith("Trailing token")) {
      return malformed(e); // a second value after the body's object: not one JSON document
    }
    return rejections.respond(Problem.of(400, VALIDATION_FAILED, "Validation failed", "a field has the wrong type")
        .withErrors(List.of(new Problem.FieldError(jsonPath(e), "wrong type or format"))));
  }

  @ServerExceptionMapper
  public Response mapping(JsonMappingException e) {
    return rejections.respond(Problem.of(400, VALIDATION_FAILED, "Validation failed", "a field is invalid")
        .withErrors(List.of(new Problem.FieldError(jsonPath(e), "invalid value"))));
  }

  @ServerExceptionMapper
  public Response malformed(JsonProcessingException e) {
    return rejections.respond(Problem.of(400, MALFORMED_REQUEST, "Malformed request",
        "the body is not valid JSON"));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      return unexpected(e);
    }
    if (status == 400 && e.getCause() instanceof MismatchedInputException cause) {
      return mismatchedInput(cause);
    }
    if (status == 400 && e.getCause() instanceof JsonMappingException cause) {
      return mapping(cause);
    }
    if (status == 400 && e.getCause() instanceof InputCoercionException cause) {
      JsonParser parser = cause.getProcessor();
      String field = parser != null && parser.getParsingContext() != null
          ? parser.getParsingContext().getCurrentName()
          : null;
      return rejections.respond(Problem.of(400, VALIDATION_FAILED, "Validation failed", "a number is out of range")
          .withErrors(List.of(new Problem.FieldError(field != null ? field : "(body)", "number out of range"))));
    }
    if (status == 404 && e.getCause() != null) {
      // JAX-RS answers 404 when a query parameter cannot be converted; for a client it is a bad request
      return rejections.respond(Problem.of(400, VALIDATION_FAILED, "Validation failed",
          "a query or path parameter has the wrong type"));
    }
    String code = switch (status) {
      case 404 -> NOT_FOUND;
      case 405 -> "method-not-allowed";
      case 406 -> "not-acceptable";
      case 415 -> "unsupported-media-type";
      default -> MALFORMED_REQUEST;
    };
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known != null ? known.getReasonPhrase() : "Client error";
    String detail = status == 400 ? "the request could not be read: malformed JSON or a value out of range" : title;
    Response r = rejections.respond(Problem.of(status, code, title, detail));
    e.getResponse().getHeaders().forEach((name, values) -> {
      if ("Allow".equalsIgnoreCase(name)) {
        r.getHeaders().put(name, values);
      }
    });
    return r;
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    Log.error("unexpected failure", e);
    return Problem.of(500, "internal-error", "Internal error", "an unexpected error occurred; it was logged")
        .toResponse();
  }

  /** {@code method.param.items[0].quantity} → {@code items[0].quantity}; header/query params keep their name. */
  static String field(Path path) {
    List<String> parts = new ArrayList<>();
    for (Path.Node n : path) {
      String name = n.getName();
      if (n.getIndex() != null && !parts.isEmpty()) {
        parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "[" + n.getIndex() + "]");
      }
      if (name != null && !name.startsWith("<")) {
        parts.add(name);
      }
    }
    // drop the resource method name, and the body parameter's own name when the violation is inside the body
    List<String> rest = parts.size() > 1 ? parts.subList(1, parts.size()) : parts;
    if (rest.size() > 1 && (rest.get(0).equals("body") || rest.get(0).equals("request"))) {
      rest = rest.subList(1, rest.size());
    }
    return String.join(".", rest);
  }

  private static String jsonPath(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      }
    }
    return sb.isEmpty() ? "(body)" : sb.toString();
  }

}
