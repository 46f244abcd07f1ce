package io.jdaprd.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The texts are Go's json.Unmarshal errors for the same bodies. */
class GoJsonDecodingTest {

  private static JsonNode parse(String body) {
    return GoJsonDecoding.parse(body.getBytes(StandardCharsets.UTF_8), IllegalArgumentException::new);
  }

  @Test
  void parsesWholeBodies() {
    assertThat(parse(" {\"a\": [1, \"x\"]} \n").get("a").get(1).textValue()).isEqualTo("x");
    assertThat(parse("null").isNull()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|unexpected end of JSON input",
      "'  '|unexpected end of JSON input",
      "'{\"a\":'|unexpected end of JSON input",
      "'x'|invalid character 'x' looking for beginning of value",
      "'tru'|unexpected end of JSON input",
      "'nul1'|invalid character '1' in literal null (expecting 'l')",
      "'{} x'|invalid character 'x' after top-level value",
      "'[1] [2]'|invalid character '[' after top-level value",
      // Found by ReadersFuzzTest.goJsonRoundTrip: Jackson reads these as infinities, Go refuses them.
      "'0.11e100000010'|json: cannot unmarshal number 0.11e100000010 into Go value of type float64",
      "'{\"a\":[1,-1e400]}'|json: cannot unmarshal number -1e400 into Go value of type float64"})
  void failsWithGosTexts(String body, String message) {
    assertThatThrownBy(() -> parse(body)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void refusesInvalidUtf8() {
    assertThatThrownBy(() -> GoJsonDecoding.parse(new byte[] {'"', (byte) 0xff, '"'}, IllegalStateException::new))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("invalid UTF-8");
  }

  @Test
  void decoderReadsTheFirstValueOnly() throws Exception {
    assertThat(GoJsonDecoding.firstValue("{\"a\":1} trailing".getBytes(StandardCharsets.UTF_8)).get("a").asInt())
        .isEqualTo(1);
    assertThat(GoJsonDecoding.firstValue(new byte[0])).isNull();
  }

  @Test
  void structFieldsMatchIgnoringCaseAndTheLastKeyWins() {
    JsonNode node = parse("{\"Status\":\"RETRY\",\"STATUS\":\"DROP\",\"n\":null,\"x\":1}");
    assertThat(GoJsonDecoding.stringField(node, "status")).isEqualTo("DROP");
    assertThat(GoJsonDecoding.field(node, "n")).isNull();
    assertThat(GoJsonDecoding.stringField(node, "missing")).isEmpty();
    assertThat(GoJsonDecoding.stringField(node, "x")).isNull();
  }

  @Test
  void typeMismatchesReadAsGos() {
    assertThat(GoJsonDecoding.typeMismatch(parse("1"), "SetRequest.key", "string"))
        .isEqualTo("json: cannot unmarshal number into Go struct field SetRequest.key of type string");
    assertThat(GoJsonDecoding.typeMismatch(parse("{}"), null, "[]state.SetRequest"))
        .isEqualTo("json: cannot unmarshal object into Go value of type []state.SetRequest");
  }
}
