package io.jdaprd.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** daprd's log lines, plain and JSON, with an API call's fields. */
class LogLinesTest {
  private static LoggingEvent apiCall() {
    LoggerContext context = new LoggerContext();
    LoggingEvent e = new LoggingEvent("x", context.getLogger("dapr.runtime.http-info"), Level.INFO,
        "HTTP API Called", null, null);
    List<KeyValuePair> kv = new ArrayList<>();
    kv.add(new KeyValuePair("method", "GET /v1.0/state/s/k"));
    kv.add(new KeyValuePair("code", 200));
    kv.add(new KeyValuePair("useragent", "curl/8.5.0"));
    kv.add(new KeyValuePair("duration", 3L));
    kv.add(new KeyValuePair("size", 2L));
    kv.forEach(e::addKeyValuePair);
    return e;
  }

  @Test
  void plainLineHasTheFieldsInKeyOrderQuotedAsLogrusQuotes() {
    String line = new TextLineLayout("myapp", false).doLayout(apiCall());
    assertThat(line).matches("time=\"[^\"]+\" level=INFO msg=\"HTTP API Called\" code=200 duration=3 "
        + "method=\"GET /v1.0/state/s/k\" size=2 useragent=curl/8.5.0 scope=dapr.runtime.http-info app_id=myapp\n");
  }

  @Test
  void jsonLineHasDaprdsFieldNamesAndNumbersAsNumbers() throws Exception {
    String line = new JsonLineLayout("myapp", "1.0").doLayout(apiCall());
    JsonNode json = new ObjectMapper().readTree(line);
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("app_id", "code", "duration", "instance", "level", "method", "msg", "scope",
        "size", "time", "type", "useragent", "ver");
    assertThat(json.path("code").isInt()).isTrue();
    assertThat(json.path("duration").asLong()).isEqualTo(3);
    assertThat(json.path("scope").asText()).isEqualTo("dapr.runtime.http-info");
    assertThat(json.path("level").asText()).isEqualTo("info");
    assertThat(json.path("type").asText()).isEqualTo("log");
  }

  @Test
  void apiCallsAreLoggedWhateverTheLevel() {
    Logging.configure("error", false, "myapp", "1.0");
    LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    assertThat(context.getLogger("dapr.runtime.http-info").isInfoEnabled()).isTrue();
    assertThat(context.getLogger("dapr.runtime.grpc.api-info").isInfoEnabled()).isTrue();
    assertThat(context.getLogger("io.jdaprd.server.Sidecar").isInfoEnabled()).isFalse();
    Logging.configure("info", false, "myapp", "1.0");
  }

  @Test
  void logrusQuotesOnlyWhatNeedsQuoting() {
    assertThat(TextLineLayout.logrusValue("abc-1.2/x@y")).isEqualTo("abc-1.2/x@y");
    assertThat(TextLineLayout.logrusValue("a b")).isEqualTo("\"a b\"");
    assertThat(TextLineLayout.logrusValue("")).isEqualTo("");
    assertThat(TextLineLayout.logrusValue("a_b")).isEqualTo("a_b");
    assertThat(TextLineLayout.logrusValue("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
  }
}
