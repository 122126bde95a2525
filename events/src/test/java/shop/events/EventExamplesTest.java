package shop.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The contract: every event type has an example payload that its record reads, writes back, and evolves with. */
class EventExamplesTest {
  final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @Test
  void shouldHaveAPayloadAndAnExampleForEveryEventType() throws Exception {
    List<String> types = new ArrayList<>();
    for (Field f : EventTypes.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        types.add((String) f.get(null));
      }
    }
    assertThat(EventCatalog.PAYLOADS.keySet()).containsExactlyInAnyOrderElementsOf(types);
    for (String type : types) {
      assertThat(getClass().getResource("/examples/" + type + ".json")).as(type).isNotNull();
    }
  }

  @Test
  void shouldReadAndWriteEveryExampleWithoutLosingAField() throws Exception {
    for (var e : EventCatalog.PAYLOADS.entrySet()) {
      JsonNode example = read(e.getKey());
      Object payload = json.treeToValue(example, e.getValue());
      JsonNode written = json.readTree(json.writeValueAsString(payload));
      assertThat(written).as(e.getKey()).isEqualTo(example);
    }
  }

  @Test
  void shouldIgnoreFieldsAddedByANewerProducer() throws Exception {
    for (var e : EventCatalog.PAYLOADS.entrySet()) {
      ObjectNode future = (ObjectNode) read(e.getKey());
      future.put("someFieldFromTheFuture", 42);
      assertThat(json.treeToValue(future, e.getValue())).as(e.getKey()).isNotNull();
    }
  }

  private JsonNode read(String type) throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/examples/" + type + ".json")) {
      return json.readTree(in);
    }
  }
}
