package io.jdaprd.core.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.pubsub.Message;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloudEventsTest {

  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");
  private static final CloudEvents EVENTS = new CloudEvents(Clock.fixed(NOW, ZoneOffset.UTC), () -> "id-1");
  private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  /** The fields every wrapped envelope of {@link #publish} has, in daprd's (sorted) order, around {@code data}. */
  private static String wrapped(String dataField, String contentType) {
    return "{" + dataField + ",\"datacontenttype\":\"" + contentType + "\",\"id\":\"id-1\",\"pubsubname\":\"pubsub\","
        + "\"source\":\"app1\",\"specversion\":\"1.0\",\"time\":\"2026-01-02T03:04:05Z\",\"topic\":\"orders\","
        + "\"traceid\":\"\",\"traceparent\":\"\",\"tracestate\":\"\",\"type\":\"com.dapr.event.sent\"}";
  }

  private static String publish(String body, String contentType) throws Exception {
    return publish(body, contentType, Map.of(), false);
  }

  private static String publish(String body, String contentType, Map<String, String> metadata, boolean nativeTtl)
      throws Exception {
    CloudEvents.Request request = new CloudEvents.Request(body.getBytes(StandardCharsets.UTF_8), contentType,
        "pubsub", "orders", "app1", metadata, null, null, nativeTtl);
    return new String(EVENTS.envelopeJson(request), StandardCharsets.UTF_8);
  }

  @Test
  void withoutContentTypeTheBodyIsPlainText() throws Exception {
    assertThat(publish("hello", null)).isEqualTo(wrapped("\"data\":\"hello\"", "text/plain"));
    assertThat(publish("hello", "")).isEqualTo(wrapped("\"data\":\"hello\"", "text/plain"));
  }

  @Test
  void otherContentTypesCarryTheBodyAsAString() throws Exception {
    assertThat(publish("<a>1</a>", "application/xml"))
        .isEqualTo(wrapped("\"data\":\"\\u003ca\\u003e1\\u003c/a\\u003e\"", "application/xml"));
    assertThat(publish("{\"a\":1}", "text/json")).isEqualTo(wrapped("\"data\":\"{\\\"a\\\":1}\"", "text/json"));
  }

  @Test
  void jsonIsEmbeddedAsParsedWithKeysSortedAndNumbersKept() throws Exception {
    assertThat(publish("{\"b\": 1, \"a\": [1.50, 2, {\"z\": true, \"y\": null}], \"c\": 12345678901234567890}",
        "application/json"))
        .isEqualTo(wrapped("\"data\":{\"a\":[1.50,2,{\"y\":null,\"z\":true}],\"b\":1,\"c\":12345678901234567890}",
            "application/json"));
    assertThat(publish("\"text\"", "application/json")).isEqualTo(wrapped("\"data\":\"text\"", "application/json"));
    assertThat(publish("null", "application/json")).isEqualTo(wrapped("\"data\":null", "application/json"));
  }

  @Test
  void jsonContentTypeIgnoresCaseAndParametersButNotSpaces() throws Exception {
    assertThat(publish("[1]", "Application/JSON; charset=utf-8"))
        .isEqualTo(wrapped("\"data\":[1]", "Application/JSON; charset=utf-8"));
    assertThat(publish("[1]", "application/json ; charset=utf-8"))
        .as("daprd compares the text before ';' as it is").isEqualTo(wrapped("\"data\":\"[1]\"",
            "application/json ; charset=utf-8"));
  }

  @Test
  void jsonThatDoesNotParseIsCarriedAsAString() throws Exception {
    assertThat(publish("not json", "application/json")).isEqualTo(wrapped("\"data\":\"not json\"",
        "application/json"));
    assertThat(publish("", "application/json")).isEqualTo(wrapped("\"data\":\"\"", "application/json"));
    assertThat(publish("{\"a\":1} trailing", "application/json"))
        .as("like Go's json.Decoder, the first value is taken").isEqualTo(wrapped("\"data\":{\"a\":1}",
            "application/json"));
  }

  @Test
  void binaryIsBase64InDataBase64() throws Exception {
    assertThat(publish("hi!", "application/octet-stream"))
        .isEqualTo(wrapped("\"data_base64\":\"aGkh\"", "application/octet-stream"));
    assertThat(publish("hi!", "application/cloudevents+protobuf"))
        .isEqualTo(wrapped("\"data_base64\":\"aGkh\"", "application/cloudevents+protobuf"));
  }

  @Test
  void stringsAreEscapedAsGoEscapesThem() throws Exception {
    assertThat(publish("a&b\u0001\u001f\n\t\"\\é\u2028/", "text/plain"))
        .isEqualTo(wrapped("\"data\":\"a\\u0026b\\u0001\\u001f\\n\\t\\\"\\\\é\\u2028/\"", "text/plain"));
  }

  @Test
  void metadataOverridesTheEnvelopeIgnoringCase() throws Exception {
    Map<String, String> metadata = Map.of("cloudevent.ID", "my-id", "CloudEvent.source", "my-source",
        "cloudevent.type", "my.type", "cloudevent.subject", "my-subject", "cloudevent.tracestate", "k=v",
        "cloudevent.traceid", "ignored-because-traceparent-wins", "cloudevent.traceparent", TRACEPARENT,
        "other", "x");
    assertThat(publish("x", "text/plain", metadata, false)).isEqualTo("{\"data\":\"x\",\"datacontenttype\":"
        + "\"text/plain\",\"id\":\"my-id\",\"pubsubname\":\"pubsub\",\"source\":\"my-source\",\"specversion\":\"1.0\","
        + "\"subject\":\"my-subject\",\"time\":\"2026-01-02T03:04:05Z\",\"topic\":\"orders\",\"traceid\":\""
        + TRACEPARENT + "\",\"traceparent\":\"" + TRACEPARENT + "\",\"tracestate\":\"k=v\",\"type\":\"my.type\"}");
  }

  @Test
  void theCallersTraceContextFillsTheTraceFields() throws Exception {
    CloudEvents.Request request = new CloudEvents.Request(new byte[0], null, "pubsub", "orders", "app1", Map.of(),
        TRACEPARENT, "k=v", false);
    Map<String, Object> envelope = EVENTS.envelope(request);
    assertThat(envelope).containsEntry("traceid", TRACEPARENT).containsEntry("traceparent", TRACEPARENT)
        .containsEntry("tracestate", "k=v").containsEntry("data", "");
    Map<String, Object> overridden = EVENTS.envelope(new CloudEvents.Request(new byte[0], null, "pubsub", "orders",
        "app1", Map.of("cloudevent.traceid", "tid"), TRACEPARENT, "k=v", false));
    assertThat(overridden).containsEntry("traceid", "tid").containsEntry("traceparent", "tid");
  }

  @Test
  void anEmptySourceBecomesDapr() throws Exception {
    Map<String, Object> noApp = EVENTS.envelope(new CloudEvents.Request(new byte[0], null, "p", "t", null, null,
        null, null, false));
    assertThat(noApp).containsEntry("source", "Dapr");
    Map<String, Object> emptyOverride = EVENTS.envelope(new CloudEvents.Request(new byte[0], null, "p", "t", "app1",
        Map.of("cloudevent.source", "", "cloudevent.id", ""), null, null, false));
    assertThat(emptyOverride).containsEntry("source", "Dapr").containsEntry("id", "id-1");
  }

  @Test
  void timeIsWrittenInTheClocksZoneAndExpirationInUtc() throws Exception {
    CloudEvents inParis = new CloudEvents(Clock.fixed(NOW, ZoneId.of("Europe/Paris")), () -> "id-1");
    Map<String, Object> envelope = inParis.envelope(new CloudEvents.Request(new byte[0], null, "p", "t", "a",
        Map.of("ttlInSeconds", "60"), null, null, false));
    assertThat(envelope).containsEntry("time", "2026-01-02T04:04:05+01:00")
        .containsEntry("expiration", "2026-01-02T03:05:05Z");
  }

  @Test
  void ttlAddsAnExpirationOnlyWithoutNativeTtl() throws Exception {
    assertThat(publish("x", null, Map.of("ttlInSeconds", "60"), false))
        .isEqualTo(wrapped("\"data\":\"x\"", "text/plain").replace("\"id\"",
            "\"expiration\":\"2026-01-02T03:05:05Z\",\"id\""));
    assertThat(publish("x", null, Map.of("ttlInSeconds", "60"), true)).isEqualTo(wrapped("\"data\":\"x\"",
        "text/plain"));
  }

  @Test
  void ttlIsReadAsDaprdReadsIt() {
    assertThat(CloudEvents.timeToLive(Map.of("ttlInSeconds", "60"))).contains(Duration.ofSeconds(60));
    assertThat(CloudEvents.timeToLive(Map.of("TTLINSECONDS", "60"))).contains(Duration.ofSeconds(60));
    assertThat(CloudEvents.timeToLive(Map.of("ttl", "1m30s"))).contains(Duration.ofSeconds(90));
    assertThat(CloudEvents.timeToLive(Map.of("ttl", "1.5h"))).contains(Duration.ofMinutes(90));
    assertThat(CloudEvents.timeToLive(Map.of("ttl", "300ms", "ttlInSeconds", "9"))).contains(Duration.ofMillis(300));
    assertThat(CloudEvents.timeToLive(Map.of("ttl", "-5s"))).contains(Duration.ZERO);
    assertThat(CloudEvents.timeToLive(Map.of("ttlInSeconds", "0"))).as("a Go duration of zero")
        .contains(Duration.ZERO);
    assertThat(CloudEvents.timeToLive(Map.of("ttlInSeconds", "-5"))).isEmpty();
    assertThat(CloudEvents.timeToLive(Map.of("ttlInSeconds", "soon"))).isEmpty();
    assertThat(CloudEvents.timeToLive(Map.of("ttl", "5 s"))).isEmpty();
    assertThat(CloudEvents.timeToLive(Map.of())).isEmpty();
  }

  @Test
  void aCloudEventBodyIsTheEnvelopeWithTopicAndPubsubOverwrittenAndGapsFilled() throws Exception {
    String body = "{\"id\":\"ce-1\",\"data\":{\"b\":2,\"a\":1},\"topic\":\"elsewhere\",\"pubsubname\":\"other\","
        + "\"custom\":\"kept\"}";
    Map<String, String> ignoredOverrides = Map.of("cloudevent.id", "not-used", "cloudevent.type", "not-used");
    CloudEvents.Request request = new CloudEvents.Request(body.getBytes(StandardCharsets.UTF_8),
        "application/cloudevents+json; charset=utf-8", "pubsub", "orders", "app1", ignoredOverrides, TRACEPARENT,
        "k=v", false);
    assertThat(new String(EVENTS.envelopeJson(request), StandardCharsets.UTF_8)).isEqualTo("{\"custom\":\"kept\","
        + "\"data\":{\"a\":1,\"b\":2},\"id\":\"ce-1\",\"pubsubname\":\"pubsub\",\"source\":\"Dapr\","
        + "\"specversion\":\"1.0\",\"time\":\"2026-01-02T03:04:05Z\",\"topic\":\"orders\",\"traceid\":\""
        + TRACEPARENT + "\",\"traceparent\":\"" + TRACEPARENT + "\",\"tracestate\":\"k=v\","
        + "\"type\":\"com.dapr.event.sent\"}");
  }

  @Test
  void aCloudEventBodyKeepsTheFieldsItHas() throws Exception {
    String body = "{\"id\":\"ce-1\",\"source\":\"s\",\"type\":\"t\",\"specversion\":\"1.0\",\"time\":null,"
        + "\"traceid\":\"tid\",\"traceparent\":\"tp\",\"tracestate\":\"\"}";
    Map<String, Object> envelope = EVENTS.envelope(new CloudEvents.Request(body.getBytes(StandardCharsets.UTF_8),
        "application/cloudevents+json", "pubsub", "orders", "app1", Map.of("ttlInSeconds", "10"), TRACEPARENT,
        "k=v", false));
    assertThat(envelope).containsEntry("source", "s").containsEntry("type", "t").containsEntry("time", null)
        .containsEntry("traceid", "tid").containsEntry("traceparent", "tp").containsEntry("tracestate", "")
        .containsEntry("expiration", "2026-01-02T03:04:15Z");
  }

  @Test
  void aCloudEventBodyWithoutTraceidGetsBothTraceFieldsFromTheCaller() throws Exception {
    String body = "{\"traceparent\":\"from-body\",\"source\":null}";
    Map<String, Object> envelope = EVENTS.envelope(new CloudEvents.Request(body.getBytes(StandardCharsets.UTF_8),
        "application/cloudevents+json", "pubsub", "orders", "app1", Map.of(), TRACEPARENT, null, false));
    assertThat(envelope).containsEntry("traceid", TRACEPARENT).containsEntry("traceparent", TRACEPARENT)
        .containsEntry("source", "Dapr");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1]", "\"text\"", "null", "42", "true", "not json", ""})
  void aCloudEventBodyThatIsNotAJsonObjectIsRefused(String body) {
    CloudEvents.Request request = new CloudEvents.Request(body.getBytes(StandardCharsets.UTF_8),
        "application/cloudevents+json", "pubsub", "orders", "app1", Map.of(), null, null, false);
    assertThatThrownBy(() -> EVENTS.envelope(request)).isInstanceOf(CloudEvents.NotACloudEventException.class)
        .hasMessageEndingWith("(expected: a JSON object)");
  }

  @Test
  void aDeliveredCloudEventIsParsedAndTraceGapsFilledFromMetadata() throws Exception {
    Message message = new Message("orders", "{\"id\":\"1\",\"data\":{\"n\":5}}".getBytes(StandardCharsets.UTF_8),
        null, Map.of("traceparent", TRACEPARENT, "tracestate", "k=v"));
    Map<String, Object> event = EVENTS.readDelivered(message, "pubsub", false);
    assertThat(event).containsEntry("id", "1").containsEntry("data", Map.of("n", 5))
        .containsEntry("traceparent", TRACEPARENT).containsEntry("traceid", TRACEPARENT)
        .containsEntry("tracestate", "k=v");
    Message withTrace = new Message("orders", "{\"traceparent\":\"mine\"}".getBytes(StandardCharsets.UTF_8), null,
        Map.of("traceparent", TRACEPARENT, "traceid", "tid"));
    assertThat(EVENTS.readDelivered(withTrace, "pubsub", false)).containsEntry("traceparent", "mine")
        .containsEntry("traceid", "tid");
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain text", "[1,2]", "\"s\"", "null", "{\"a\":1} trailing", ""})
  void aDeliveredPayloadThatIsNotAJsonObjectIsDetected(String payload) {
    Message message = new Message("orders", payload.getBytes(StandardCharsets.UTF_8), null, Map.of());
    assertThatThrownBy(() -> EVENTS.readDelivered(message, "pubsub", false))
        .isInstanceOf(CloudEvents.NotACloudEventException.class);
  }

  @Test
  void aRawPayloadSubscriptionGetsASynthesizedEnvelope() throws Exception {
    Message message = new Message("orders", "not json".getBytes(StandardCharsets.UTF_8), "text/plain",
        Map.of("traceparent", TRACEPARENT));
    Map<String, Object> event = EVENTS.readDelivered(message, "pubsub", true);
    assertThat(new String(CloudEvents.toJson(event), StandardCharsets.UTF_8)).isEqualTo("{\"data_base64\":"
        + "\"bm90IGpzb24=\",\"datacontenttype\":\"application/octet-stream\",\"id\":\"id-1\","
        + "\"pubsubname\":\"pubsub\",\"source\":\"Dapr\",\"specversion\":\"1.0\",\"topic\":\"orders\","
        + "\"traceid\":\"" + TRACEPARENT + "\",\"traceparent\":\"" + TRACEPARENT + "\",\"type\":\"com.dapr.event.sent\"}");
    assertThat(CloudEvents.systemDefault().fromRawPayload(new byte[0], "t", "p").get("id"))
        .isNotEqualTo(CloudEvents.systemDefault().fromRawPayload(new byte[0], "t", "p").get("id"));
  }

  @Test
  void aBinaryModeMessageIsRebuiltFromItsCeMetadata() throws Exception {
    Map<String, String> metadata = new HashMap<>();
    metadata.put("ce_id", "b-1");
    metadata.put("CE_Type", "t");
    metadata.put("unrelated", "x");
    Message message = new Message("orders", new byte[] {1, 2}, "application/octet-stream", metadata);
    Map<String, Object> event = EVENTS.readDelivered(message, "pubsub", false);
    assertThat(event).containsOnlyKeys("id", "type", "data", "datacontenttype").containsEntry("id", "b-1")
        .containsEntry("type", "t").containsEntry("datacontenttype", "application/octet-stream");
    assertThat(new String(CloudEvents.toJson(event), StandardCharsets.UTF_8)).contains("\"data\":\"AQI=\"");
  }

  @Test
  void expirationIsCheckedAgainstNow() {
    assertThat(CloudEvents.isExpired(Map.of("expiration", "2026-01-02T03:04:05Z"), NOW)).isTrue();
    assertThat(CloudEvents.isExpired(Map.of("expiration", "2026-01-02T03:04:06Z"), NOW)).isFalse();
    assertThat(CloudEvents.isExpired(Map.of("expiration", "2026-01-02T04:04:05.5+01:00"), NOW)).isTrue();
    assertThat(CloudEvents.isExpired(Map.of("expiration", "2026-01-02T05:04:05+01:00"), NOW)).isFalse();
    assertThat(CloudEvents.isExpired(Map.of("expiration", "yesterday"), NOW)).isFalse();
    assertThat(CloudEvents.isExpired(Map.of("expiration", ""), NOW)).isFalse();
    assertThat(CloudEvents.isExpired(Map.of("expiration", 12), NOW)).isFalse();
    assertThat(CloudEvents.isExpired(Map.of(), NOW)).isFalse();
  }

  @Test
  void anEnvelopeWithTtlExpiresAfterIt() throws Exception {
    Map<String, Object> envelope = EVENTS.envelope(new CloudEvents.Request(new byte[0], null, "p", "t", "a",
        Map.of("ttlInSeconds", "60"), null, null, false));
    assertThat(CloudEvents.isExpired(envelope, NOW.plusSeconds(59))).isFalse();
    assertThat(CloudEvents.isExpired(envelope, NOW.plusSeconds(61))).isTrue();
  }
}
