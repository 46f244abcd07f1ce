package io.jdaprd.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Go's encoding/json output, byte for byte: each expected text is what json.Marshal writes for the same value. */
class GoJsonTest {

  private static String string(String s) {
    return new GoJson(16).string(s).toString();
  }

  @Test
  void escapesAsGoDoes() {
    assertThat(string("<a href=\"x\">&</a>")).isEqualTo("\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\"");
    assertThat(string("tab\tnl\ncr\rbs\\bell\u0007ff\fback\b")).isEqualTo(
        "\"tab\\tnl\\ncr\\rbs\\\\bell\\u0007ff\\fback\\b\"");
    assertThat(string("line\u2028para\u2029")).isEqualTo("\"line\\u2028para\\u2029\"");
    assertThat(string("del\u007f é 中文 😀 / '")).isEqualTo("\"del\u007f é 中文 😀 / '\"");
    assertThat(string("\u0000\u001f\u000b")).isEqualTo("\"\\u0000\\u001f\\u000b\"");
    assertThat(string("\u2027\u202a\ufffd")).isEqualTo("\"\u2027\u202a\ufffd\"");
  }

  @Test
  void copiesLongPlainRunsWholeAroundEscapes() {
    String plain = "x".repeat(1000);
    assertThat(string("")).isEqualTo("\"\"");
    assertThat(string(plain)).isEqualTo("\"" + plain + "\"");
    assertThat(string(plain + "\"" + plain + "\n")).isEqualTo("\"" + plain + "\\\"" + plain + "\\n\"");
    assertThat(string("<" + plain + "\ud83d\ude00" + plain + "&")).isEqualTo(
        "\"\\u003c" + plain + "😀" + plain + "\\u0026\"");
  }

  @Test
  void replacesBrokenUtf16AsGoReplacesInvalidUtf8() {
    assertThat(string("a\ud800b")).isEqualTo("\"a\\ufffdb\"");
    assertThat(string("a\udc00")).isEqualTo("\"a\\ufffd\"");
    assertThat(string("\udc00\ud800")).isEqualTo("\"\\ufffd\\ufffd\"");
    assertThat(string("\ud83d\ude00")).isEqualTo("\"😀\"");
  }

  @Test
  void sortsMapKeysByUtf8Bytes() {
    String json = new GoJson(16).stringMap(Map.of("b", "1", "B", "2", "a", "3", "é", "4", "😀", "5", "ｚ", "6"))
        .toString();
    assertThat(json).isEqualTo("{\"B\":\"2\",\"a\":\"3\",\"b\":\"1\",\"é\":\"4\",\"ｚ\":\"6\",\"😀\":\"5\"}");
    assertThat(new GoJson(4).stringMap(null).toString()).isEqualTo("null");
    assertThat(new GoJson(4).stringMap(Map.of()).toString()).isEqualTo("{}");
    assertThat(GoJson.compareUtf8("\uffff", "\ud800\udc00")).isNegative();
    assertThat(GoJson.compareUtf8("a", "ab")).isNegative();
  }

  @Test
  void reencodesJsonValuesAsGoDoesThroughAny() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    String in = "{ \"b\": [1.0, 2.50, -0.0, 1e21, 123456789012345678901, 0.000001, 1e-7, true, null],"
        + " \"a\": \"<x>\", \"c\": {\"z\": 1, \"y\": \"\"} }";
    assertThat(new GoJson(64).value(mapper.readTree(in)).toString()).isEqualTo(
        "{\"a\":\"\\u003cx\\u003e\",\"b\":[1,2.5,-0,1e+21,123456789012345680000,0.000001,1e-7,true,null],"
            + "\"c\":{\"y\":\"\",\"z\":1}}");
  }

  @Test
  void writesFloat64AsGo() {
    assertThat(GoJson.float64(1.5e-9)).isEqualTo("1.5e-9");
    assertThat(GoJson.float64(-2.5e300)).isEqualTo("-2.5e+300");
    assertThat(GoJson.float64(100)).isEqualTo("100");
    assertThat(GoJson.float64(0.1)).isEqualTo("0.1");
    assertThat(GoJson.float64(1e20)).isEqualTo("100000000000000000000");
    assertThat(GoJson.float64(1e21)).isEqualTo("1e+21");
    assertThat(GoJson.float64(9.99e-7)).isEqualTo("9.99e-7");
    assertThat(GoJson.float64(Double.MIN_VALUE)).isEqualTo("5e-324");
    assertThat(GoJson.float64(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
    assertThatThrownBy(() -> GoJson.float64(Double.NaN)).hasMessage("json: unsupported value: NaN");
    assertThatThrownBy(() -> GoJson.float64(Double.NEGATIVE_INFINITY)).hasMessage("json: unsupported value: -Inf");
  }

  @Test
  void marshalsJavaValuesAsTheGoValuesTheyStandFor() {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("z", List.of(1, 2L, new BigDecimal("2.50"), 0.5f));
    event.put("a", null);
    event.put("m", Map.of("k", "<v>"));
    event.put("bytes", new byte[] {0, (byte) 0xff});
    event.put("t", true);
    event.put("arr", new Object[] {"x"});
    assertThat(GoJson.marshal(event)).isEqualTo("{\"a\":null,\"arr\":[\"x\"],\"bytes\":\"AP8=\",\"m\":{\"k\":"
        + "\"\\u003cv\\u003e\"},\"t\":true,\"z\":[1,2,2.5,0.5]}");
    assertThat(GoJson.marshal(null)).isEqualTo("null");
    assertThat(GoJson.marshal(Arrays.asList("a", null))).isEqualTo("[\"a\",null]");
  }

  @Test
  void embedsRawMessagesCompactedAndHtmlEscaped() {
    String raw = "{ \"a\" : [1, 2],\n\t\"s\": \"x < y & z > \\\"q\\\" \u2028 keep  spaces\" }";
    assertThat(new GoJson(32).rawMessage(raw).toString())
        .isEqualTo("{\"a\":[1,2],\"s\":\"x \\u003c y \\u0026 z \\u003e \\\"q\\\" \\u2028 keep  spaces\"}");
    assertThat(new GoJson(8).rawMessage("\"\\\\\" ").toString()).isEqualTo("\"\\\\\"");
    assertThat(new GoJson(8).rawMessage(" 12 ").toString()).isEqualTo("12");
  }
}
