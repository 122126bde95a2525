package shop.platform;

import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The mapper Quarkus REST reads request bodies with: the application's ({@link StrictJson}) plus the refusal of texts
 * holding a control character (a NUL, which PostgreSQL refuses, included) or half of a surrogate pair, which become
 * {@code 400 validation-failed} naming the field. Only for requests: data the services stored before this rule, and
 * events, are read with the application's mapper.
 */
@Provider
public class StrictRequestJson implements ContextResolver<ObjectMapper> {
  private final ObjectMapper mapper;

  public StrictRequestJson(ObjectMapper application) {
    this.mapper = application.copy().registerModule(StrictJson.plainText());
  }

  @Override
  public ObjectMapper getContext(Class<?> type) {
    return mapper;
  }
}
