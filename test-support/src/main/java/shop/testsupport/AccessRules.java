package shop.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

import io.restassured.RestAssured;

/**
 * The access table every service tests: each endpoint × each kind of credential → the status it must get. Requests go
 * over plain HTTP with exactly the headers given (no test default), so what is tested is what a client sees.
 */
public final class AccessRules {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private AccessRules() {
  }

  /** The credentials of the table's columns; "here" is the location the endpoint acts at. */
  public enum Credential {
    NONE(true),
    EXPIRED(true),
    WRONG_ISSUER(true),
    WRONG_AUDIENCE(true),
    ALG_NONE(true),
    WRONG_KEY(true),
    NO_SUBJECT(true),
    BAD_SUBJECT(true),
    LONG_SUBJECT(true),
    ISSUED_IN_THE_FUTURE(true),
    CUSTOMER(false),
    STAFF_ELSEWHERE(false),
    STAFF_HERE(false),
    MANAGER_HERE(false),
    ADMIN(false);

    private final boolean unauthenticated;

    Credential(boolean unauthenticated) {
      this.unauthenticated = unauthenticated;
    }

    /** The bearer token, or null for none. */
    public String bearer(String here) {
      return switch (this) {
        case NONE -> null;
        case EXPIRED -> TestTokens.expired();
        case WRONG_ISSUER -> TestTokens.wrongIssuer();
        case WRONG_AUDIENCE -> TestTokens.wrongAudience();
        case ALG_NONE -> TestTokens.algNone();
        case WRONG_KEY -> TestTokens.wrongKey();
        case NO_SUBJECT -> TestTokens.noSubject();
        case BAD_SUBJECT -> TestTokens.controlCharacterSubject();
        case LONG_SUBJECT -> TestTokens.longSubject();
        case ISSUED_IN_THE_FUTURE -> TestTokens.issuedInTheFuture();
        case CUSTOMER -> TestTokens.customer("cust-access");
        case STAFF_ELSEWHERE -> TestTokens.staff("somewhere-else");
        case STAFF_HERE -> TestTokens.staff(here);
        case MANAGER_HERE -> TestTokens.manager(here);
        case ADMIN -> TestTokens.admin();
      };
    }

    /** No credential, or one that fails verification. */
    public boolean unauthenticated() {
      return unauthenticated;
    }
  }

  /**
   * The credentials tried on a cart: bad bearer tokens (401), other people's (404, as if the cart did not exist),
   * cart tokens that are not this cart's (404), and the cart's own credential: its owner's bearer token, or for a
   * guest cart its Cart-Token.
   */
  public enum CartCredential {
    NONE(null),
    EXPIRED(Credential.EXPIRED),
    WRONG_ISSUER(Credential.WRONG_ISSUER),
    WRONG_AUDIENCE(Credential.WRONG_AUDIENCE),
    ALG_NONE(Credential.ALG_NONE),
    WRONG_KEY(Credential.WRONG_KEY),
    NO_SUBJECT(Credential.NO_SUBJECT),
    BAD_SUBJECT(Credential.BAD_SUBJECT),
    LONG_SUBJECT(Credential.LONG_SUBJECT),
    ISSUED_IN_THE_FUTURE(Credential.ISSUED_IN_THE_FUTURE),
    OTHER_CUSTOMER(null),
    STAFF(null),
    ADMIN(null),
    ANOTHER_CARTS_TOKEN(null),
    FORGED_CART_TOKEN(null),
    OWN(null);

    /** The bearer token that fails verification (401), or null. */
    private final Credential badToken;

    CartCredential(Credential badToken) {
      this.badToken = badToken;
    }

    /**
     * The headers for a cart of {@code owner} (null: a guest cart whose token is {@code ownToken});
     * {@code anotherCartsToken} is a valid token of some other cart.
     */
    public Map<String, String> headers(String owner, String ownToken, String anotherCartsToken) {
      Map<String, String> h = new HashMap<>();
      if (badToken != null) {
        h.put("Authorization", "Bearer " + badToken.bearer(null));
        return h;
      }
      switch (this) {
        case OTHER_CUSTOMER -> h.put("Authorization", "Bearer " + TestTokens.customer("mallory"));
        case STAFF -> h.put("Authorization", "Bearer " + TestTokens.staff("shop-north"));
        case ADMIN -> h.put("Authorization", "Bearer " + TestTokens.admin());
        case ANOTHER_CARTS_TOKEN -> h.put("Cart-Token", anotherCartsToken);
        case FORGED_CART_TOKEN -> h.put("Cart-Token", "v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        case OWN -> {
          if (owner != null) {
            h.put("Authorization", "Bearer " + TestTokens.customer(owner));
          } else {
            h.put("Cart-Token", ownToken);
          }
        }
        default -> {
        }
      }
      return h;
    }

    /** The status this credential gets, given the status of an allowed call. */
    public int expected(int allowed) {
      if (badToken != null) {
        return 401;
      }
      return this == OWN ? allowed : 404;
    }
  }

  /**
   * The refusal's body and headers: 401 {@code unauthenticated} with {@code WWW-Authenticate: Bearer}, 403
   * {@code forbidden}, 404 {@code not-found}, each as problem+json. Other statuses are not refusals: nothing to check.
   */
  public static void assertRefusal(Answer answer, int status) {
    String code = switch (status) {
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      default -> null;
    };
    if (code == null) {
      return;
    }
    assertThat(answer.body()).contains("\"code\":\"" + code + "\"");
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    if (status == 401) {
      assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
    }
  }

  /** Each row with each value of {@code credentials}: the arguments {@code (operation, credential, row)}. */
  public static <R, C extends Enum<C>> Stream<Arguments> cells(
      List<R> rows, Function<R, String> operation, Class<C> credentials) {
    return rows.stream().flatMap(row -> Arrays.stream(credentials.getEnumConstants())
        .map(c -> Arguments.of(operation.apply(row), c, row)));
  }

  /** Who may call an endpoint. */
  public enum Rule {
    /** Anyone, with or without a token (a bad token is not even looked at). */
    PUBLIC,
    /** Admins only. */
    ADMIN,
    /** Staff and managers of the location, and admins. */
    STAFF_AT,
    /** Managers of the location, and admins. */
    MANAGER_AT;

    /** The status {@code credential} gets, given the status of an allowed call. */
    public int expected(Credential credential, int allowed) {
      if (this == PUBLIC) {
        return allowed;
      }
      if (credential.unauthenticated()) {
        return 401;
      }
      boolean ok = switch (this) {
        case PUBLIC -> true;
        case ADMIN -> credential == Credential.ADMIN;
        case STAFF_AT -> credential == Credential.STAFF_HERE || credential == Credential.MANAGER_HERE
            || credential == Credential.ADMIN;
        case MANAGER_AT -> credential == Credential.MANAGER_HERE || credential == Credential.ADMIN;
      };
      return ok ? allowed : 403;
    }
  }

  /** An answer: status, the problem code or body, and headers. */
  public record Answer(int status, String body, Map<String, List<String>> headers) {
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
          .map(e -> e.getValue().get(0)).orElse(null);
    }
  }

  /**
   * Sends one request to the service under test with exactly these headers (null values left out); a body is sent as
   * {@code application/json} unless the headers name another Content-Type (or none, with a null value).
   */
  public static Answer send(String method, String path, String jsonBody, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, jsonBody == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (jsonBody != null && !headers.containsKey("Content-Type")) {
      b.header("Content-Type", "application/json"); // unless the test sets its own (a null value: none)
    }
    headers.forEach((name, value) -> {
      if (value != null) {
        b.header(name, value);
      }
    });
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), r.headers().map());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every operation of the service's OpenAPI document as {@code "METHOD /path/{param}"}: the table must list each of
   * them, so an endpoint added without a rule in the table fails the test.
   */
  @SuppressWarnings("unchecked")
  public static Set<String> documentedOperations() {
    Map<String, Map<String, Object>> paths = RestAssured.given().accept("application/json").get("/q/openapi")
        .then().statusCode(200).extract().jsonPath().getMap("paths");
    Set<String> ops = new TreeSet<>();
    paths.forEach((path, methods) -> methods.keySet().forEach(m -> {
      if (Set.of("get", "put", "post", "delete", "patch").contains(m)) {
        ops.add(m.toUpperCase() + " " + path);
      }
    }));
    return ops;
  }
}
