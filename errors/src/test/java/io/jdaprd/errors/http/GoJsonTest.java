package io.jdaprd.errors.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.errors.ErrorRendering;
import io.jdaprd.errors.details.RetryInfo;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Go's encoding/json string and map rules, which make our bodies byte-identical to daprd's. */
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
    assertThat(string("del\u007f é 中文 😀")).isEqualTo("\"del\u007f é 中文 😀\"");
  }

  @Test
  void replacesBrokenUtf16AsGoReplacesInvalidUtf8() {
    assertThat(string("a\ud800b")).isEqualTo("\"a\\ufffdb\"");
    assertThat(string("a\udc00")).isEqualTo("\"a\\ufffd\"");
  }

  @Test
  void sortsMapKeysByUtf8Bytes() {
    String json = new GoJson(16).stringMap(Map.of("b", "1", "B", "2", "a", "3", "é", "4", "😀", "5", "ｚ", "6"))
        .toString();
    assertThat(json).isEqualTo("{\"B\":\"2\",\"a\":\"3\",\"b\":\"1\",\"é\":\"4\",\"ｚ\":\"6\",\"😀\":\"5\"}");
    assertThat(new GoJson(4).stringMap(null).toString()).isEqualTo("null");
    assertThat(new GoJson(4).stringMap(Map.of()).toString()).isEqualTo("{}");
  }

  @Test
  void retryInfoRendersGosDurationStruct() {
    DaprException e = DaprException.builder(ErrorCode.ERROR, "x").detail(new RetryInfo(Duration.ofMillis(2500)))
        .build();
    assertThat(HttpErrorRenderer.render(e, ErrorRendering.DAPR).bodyText()).isEqualTo(
        "{\"errorCode\":\"ERROR\",\"message\":\"x\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc."
            + "RetryInfo\",\"retry_delay\":{\"seconds\":2,\"nanos\":500000000}}]}");
  }

  @Test
  void reencodesJsonValuesAsGoDoesThroughAny() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    String in = "{ \"b\": [1.0, 2.50, -0.0, 1e21, 123456789012345678901, 0.000001, 1e-7, true, null],"
        + " \"a\": \"<x>\", \"c\": {\"z\": 1, \"y\": \"\"} }";
    assertThat(new GoJson(64).value(mapper.readTree(in)).toString()).isEqualTo(
        "{\"a\":\"\\u003cx\\u003e\",\"b\":[1,2.5,-0,1e+21,123456789012345680000,0.000001,1e-7,true,null],"
            + "\"c\":{\"y\":\"\",\"z\":1}}");
    assertThat(GoJson.float64(1.5e-9)).isEqualTo("1.5e-9");
    assertThat(GoJson.float64(-2.5e300)).isEqualTo("-2.5e+300");
    assertThat(GoJson.float64(100)).isEqualTo("100");
  }
}
