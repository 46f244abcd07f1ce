package io.jdaprd.appchannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dapr.v1.DaprAppCallbackProtos.TopicEventRequest;
import io.jdaprd.core.pubsub.delivery.TopicEventDelivery;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a CloudEvent's data becomes {@code TopicEventRequest.data}, as daprd maps it. */
class TopicEventRequestsTest {

  private static TopicEventRequest request(String cloudEventJson) {
    return TopicEventRequests.of(new TopicEventDelivery("/p", "pubsub", "orders",
        cloudEventJson.getBytes(StandardCharsets.UTF_8), Events.parse(cloudEventJson), Map.of()));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "application/json               | {\"b\":1,\"a\":\"<&>\"} | {\"a\":\"\\u003c\\u0026\\u003e\",\"b\":1}",
      "application/json; charset=utf-8 | \"hi\"                | \"hi\"",
      "application/cloudevents+json   | [1,true,null]         | [1,true,null]",
      "text/plain                     | \"hello\"             | hello",
      "application/xml                | \"<a/>\"              | <a/>",
      "application/octet-stream       | \"ignored\"           | ``",
      "``                             | {\"x\":1}             | ``",
  })
  void dataFollowsTheContentType(String contentType, String dataJson, String expected) {
    String json = "{\"id\":\"1\",\"specversion\":\"1.0\",\"datacontenttype\":\"" + (contentType == null ? ""
        : contentType) + "\",\"data\":" + dataJson + "}";
    assertThat(request(json).getData().toStringUtf8()).isEqualTo(expected == null ? "" : expected);
  }

  @Test
  void dataBase64IsDecodedAndWinsOverData() {
    TopicEventRequest r = request("{\"id\":\"1\",\"datacontenttype\":\"application/octet-stream\","
        + "\"data_base64\":\"AAEC\",\"data\":\"x\",\"custom\":{\"n\":2},\"flag\":true}");
    assertThat(r.getData().toByteArray()).containsExactly(0, 1, 2);
    assertThat(r.getExtensions().getFieldsMap()).containsOnlyKeys("custom", "flag");
    assertThat(r.getExtensions().getFieldsOrThrow("custom").getStructValue().getFieldsOrThrow("n").getNumberValue())
        .isEqualTo(2.0);
  }

  @Test
  void dataThatCannotBeCarriedIsRefused() {
    assertThatThrownBy(() -> request("{\"id\":\"1\",\"data_base64\":\"***\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data_base64: *** (expected: base64)");
    assertThatThrownBy(() -> request("{\"id\":\"1\",\"datacontenttype\":\"text/plain\",\"data\":{\"a\":1}}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: a string");
  }

  @Test
  void absentDataIsEmpty() {
    assertThat(request("{\"id\":\"1\",\"datacontenttype\":\"application/json\"}").getData().isEmpty()).isTrue();
  }
}
