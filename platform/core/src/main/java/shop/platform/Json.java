package shop.platform;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The services' one JSON helper, on the application's (strict) ObjectMapper, event payloads read tolerantly
 * ({@link #read}): Jackson's checked exceptions become what they mean here. Writing our own objects cannot fail but by a defect; text from outside that cannot be read is bad
 * input ({@link IllegalArgumentException}: a consumer dead-letters the record); text the service stored itself that
 * cannot be read is a defect ({@link IllegalStateException}).
 */
@ApplicationScoped
public class Json {
  private final ObjectMapper mapper;

  public Json(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not serializable: " + value.getClass().getName(), e);
    }
  }

  /**
   * Text from outside (an event payload): unreadable is an IllegalArgumentException. Fields this version does not
   * know are ignored (a tolerant reader): a newer producer may add fields to an event type, and during a release its
   * consumers of the previous version must apply its events rather than dead-letter them (k8s/README.md, "Releases").
   * A change readers cannot ignore gets a new type version ({@code .v2}).
   */
  public <T> T read(String text, Class<T> type) {
    try {
      return mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(text);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("unreadable " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** Text this service stored itself: unreadable is a defect (IllegalStateException). */
  public <T> T readStored(String text, Class<T> type) {
    try {
      return mapper.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable stored " + type.getSimpleName(), e);
    }
  }

  /** Text this service stored itself, of a generic type. */
  public <T> T readStored(String text, TypeReference<T> type) {
    try {
      return mapper.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable stored " + type.getType(), e);
    }
  }
}
