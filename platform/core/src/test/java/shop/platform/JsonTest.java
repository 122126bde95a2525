package shop.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Event payloads are read tolerantly (fields a newer producer added), stored text and requests strictly. */
class JsonTest {
  record Changed(String productId, long available) {
  }

  // the services' mapper refuses unknown properties (quarkus.jackson.fail-on-unknown-properties=true)
  final Json json = new Json(new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

  @Test
  void shouldReadAnEventThatANewerProducerGaveAFieldThisVersionDoesNotKnow() {
    // given the payload of a newer version of the event, with one more field
    String payload = "{\"productId\":\"pils\",\"available\":3,\"shelf\":\"B2\"}";

    // when this version reads it
    Changed event = json.read(payload, Changed.class);

    // then it applies what it knows instead of refusing the event
    assertThat(event).isEqualTo(new Changed("pils", 3));
  }

  @Test
  void shouldStillRefuseAnEventWhoseKnownFieldsAreWrong() {
    assertThatThrownBy(() -> json.read("{\"productId\":\"pils\",\"available\":\"many\"}", Changed.class))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> json.read("not json", Changed.class)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReadWhatTheServiceStoredItselfStrictly() {
    assertThatThrownBy(() -> json.readStored("{\"productId\":\"pils\",\"available\":3,\"shelf\":\"B2\"}",
        Changed.class)).isInstanceOf(IllegalStateException.class);
  }
}
