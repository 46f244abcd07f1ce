package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The metadata JSON is byte for byte what Go's encoding/json writes for a map[string]string, and reads back. */
class StreamEntriesTest {

  @Test
  @DisplayName("keys sorted by their UTF-8 bytes; Go's escapes for quotes, controls, HTML characters and U+2028/9")
  void writesAsGo() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("é", "after z");
    m.put("z", "tab\there\nnew\u0001\b\f\r");
    m.put("A", "<script>&</script> \u2028\u2029 \\ \"q\" 📨 /");
    m.put("lone", "\ud800!");
    assertThat(StreamEntries.toJson(m)).isEqualTo("{\"A\":\"\\u003cscript\\u003e\\u0026\\u003c/script\\u003e"
        + " \\u2028\\u2029 \\\\ \\\"q\\\" 📨 /\",\"lone\":\"\\ufffd!\",\"z\":\"tab\\there\\nnew\\u0001\\b\\f\\r\","
        + "\"é\":\"after z\"}");
    assertThat(StreamEntries.toJson(Map.of())).isEqualTo("{}");
  }

  @Test
  @DisplayName("what it writes reads back to the same map; Go's and JSON's other escapes are understood")
  void readsBack() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("A", "<&> \u2028 \\ \"q\" 📨 \t\n");
    m.put("empty", "");
    assertThat(StreamEntries.fromJson(StreamEntries.toJson(m))).isEqualTo(m);
    assertThat(StreamEntries.fromJson(" { \"a\" : \"\\/\\ud83d\\udce8\" , \"b\":null } "))
        .isEqualTo(Map.of("a", "/📨"));
    assertThat(StreamEntries.fromJson("null")).isEmpty();
    assertThat(StreamEntries.fromJson(null)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "{\"a\":1}", "{\"a\":\"b\"", "{\"a\" \"b\"}", "{\"a\":\"\\x\"}", "{} {}",
      "{\"a\":\"\\u12\"}"})
  @DisplayName("anything but a JSON object of strings is refused, saying where")
  void refusesOtherJson(String json) {
    assertThatThrownBy(() -> StreamEntries.fromJson(json)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("metadata: not a JSON object of strings at offset ");
  }

  @Test
  @DisplayName("the entry's fields are data (bytes unchanged), then metadata")
  void fields() {
    byte[] data = {0, (byte) 0xff};
    Map<String, byte[]> fields = StreamEntries.fields(data, Map.of("k", "v"));
    assertThat(fields.keySet()).containsExactly("data", "metadata");
    assertThat(fields.get("data")).isEqualTo(data);
    assertThat(new String(fields.get("metadata"), StandardCharsets.UTF_8)).isEqualTo("{\"k\":\"v\"}");
  }
}
