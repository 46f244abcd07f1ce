package io.jdaprd.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jdaprd.core.component.ResourceLoader;
import io.jdaprd.core.component.ResourceLoader.ResourceDocument;
import io.jdaprd.core.pubsub.CloudEvents;
import io.jdaprd.core.pubsub.routing.RouteMatcher;
import io.jdaprd.core.pubsub.routing.RouteRule;
import io.jdaprd.core.pubsub.routing.SubscriptionResources;
import io.jdaprd.core.resiliency.ResiliencyResources;
import io.jdaprd.golang.GoDurations;
import io.jdaprd.golang.GoJson;
import io.jdaprd.golang.GoJsonDecoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzz targets over the readers of what users and brokers hand the sidecar: resource YAML (components,
 * subscriptions, resiliency), CloudEvents, JSON in Go's dialect, CEL routing rules and Go durations. The property:
 * each reader answers or refuses with the exception its contract names, never anything else, and what it writes
 * reads back the same.
 */
class ReadersFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static Path resources;

  private static synchronized Path resources() {
    if (resources == null) {
      try {
        resources = Files.createTempDirectory("jdaprd-fuzz-resources");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return resources;
  }

  /** A resources directory with one fuzzed YAML file: loaded, and its other documents read, without an exception. */
  @FuzzTest
  @DictionaryEntries({"apiVersion: dapr.io/v1alpha1", "kind: Component", "kind: Subscription",
      "kind: Resiliency", "metadata:  name: ", "spec:  type: state.in-memory  version: v1", "scopes:",
      "metadata:  - name: ", "value: ", "secretKeyRef:", "auth:  secretStore: ", "{uuid}",
      "{appID}", "envRef: ", "---", "ignoreErrors: true", "initTimeout: ", "apiVersion: dapr.io/v2alpha1",
      "routes:    rules:    - match: ", "topic: ", "pubsubname: ", "deadLetterTopic: "})
  void componentYaml(byte[] yaml) throws IOException {
    Path file = resources().resolve("fuzz.yaml");
    Files.write(file, yaml);
    ResourceLoader.Result result = new ResourceLoader("fuzzapp", null, name -> null).load(List.of(resources()));
    assertThat(result).isNotNull();
    new SubscriptionResources("fuzzapp", null).read(result.others());
    ResiliencyResources.load(result.others(), "fuzzapp");
  }

  /** A Resiliency document: read into policies or refused (logged), never an escaped exception. */
  @FuzzTest
  @DictionaryEntries({"spec:  policies:", "timeouts:", "retries:", "circuitBreakers:",
      "policy: exponential", "policy: constant", "duration: ", "maxRetries: ",
      "maxInterval: ", "trip: consecutiveFailures > ", "interval: ", "timeout: ",
      "matching:        httpStatusCodes: ", "gRPCStatusCodes: ", "targets:    apps:",
      "actors:", "components:", "outbound:", "inbound:", "circuitBreakerScope: ",
      "circuitBreakerCacheSize: ", "retry: ", "circuitBreaker: ", "1s", "500ms", "-1", "100-200,500"})
  void resiliency(byte[] yaml) {
    for (JsonNode doc : documents(yaml)) {
      ResiliencyResources.load(List.of(new ResourceDocument(ResiliencyResources.KIND, doc, Path.of("r.yaml"))),
          "fuzzapp");
    }
  }

  /** A Subscription document (v1alpha1 or v2alpha1): read into subscriptions or problems, nothing else. */
  @FuzzTest
  @DictionaryEntries({"apiVersion: dapr.io/v2alpha1", "apiVersion: dapr.io/v1alpha1", "spec:",
      "pubsubname: ", "topic: ", "route: ", "routes:    default: ", "rules:    - match: ",
      "path: ", "deadLetterTopic: ", "bulkSubscribe:    enabled: true", "maxMessagesCount: ",
      "metadata:", "scopes:", "event.type == ", "event.data."})
  void subscription(byte[] yaml) {
    for (JsonNode doc : documents(yaml)) {
      new SubscriptionResources("fuzzapp", null).read(List.of(new ResourceDocument("Subscription", doc,
          Path.of("s.yaml"))));
    }
  }

  /**
   * CloudEvent reading (what subscribers receive, what publishers send with the CloudEvent content type): parsed or
   * refused with {@link CloudEvents.NotACloudEventException}; what is written is JSON that reads back.
   */
  @FuzzTest
  @DictionaryEntries({"{\"specversion\":\"1.0\",", "\"id\":\"", "\"source\":\"", "\"type\":\"", "\"data\":",
      "\"data_base64\":\"", "\"datacontenttype\":\"", "application/json", "text/plain", "\"expiration\":\"",
      "\"traceparent\":\"", "\"topic\":\"", "\"pubsubname\":\""})
  void cloudEvent(FuzzedDataProvider data) throws Exception {
    String contentType = data.pickValue(List.of("", "application/cloudevents+json", "application/json",
        "text/plain", "application/octet-stream", "application/cloudevents+json; charset=utf-8"));
    Map<String, String> metadata = data.consumeBoolean() ? Map.of("ttlInSeconds", data.consumeString(8),
        "cloudevent.id", data.consumeString(8)) : Map.of();
    byte[] body = data.consumeRemainingAsBytes();
    CloudEvents events = new CloudEvents(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
        () -> "id-1");
    try {
      Map<String, Object> parsed = CloudEvents.parse(body);
      JSON.readTree(CloudEvents.toJson(parsed));
      CloudEvents.isExpired(parsed, Instant.EPOCH);
    } catch (CloudEvents.NotACloudEventException expected) {
      // Refused as the contract says.
    }
    try {
      byte[] envelope = events.envelopeJson(new CloudEvents.Request(body, contentType, "pubsub", "topic",
          "fuzzapp", metadata, null, null, false));
      assertThat(JSON.readTree(envelope).isObject()).isTrue();
    } catch (CloudEvents.NotACloudEventException expected) {
      // Refused as the contract says.
    }
    JSON.readTree(CloudEvents.toJson(events.fromRawPayload(body, "topic", "pubsub")));
  }

  /**
   * What Go-style decoding accepts, written back in Go's dialect, reads back under Jackson as the same value (numbers
   * as Go's float64 sees them); decoding refuses only with the exception it is given, in clean text.
   */
  @FuzzTest
  void goJsonRoundTrip(byte[] bytes) throws IOException {
    JsonNode node;
    try {
      node = GoJsonDecoding.parse(bytes, IllegalStateException::new);
    } catch (IllegalStateException refused) {
      Verdicts.noInternalText("Go-JSON refusal", refused.getMessage(), new String(bytes, StandardCharsets.UTF_8));
      return; // The malformed-body exception the caller supplied, with Go's text.
    }
    String written = new GoJson(64).value(node).toString();
    JsonNode back = JSON.readTree(written);
    if (!sameAsGo(node, back)) {
      throw new AssertionError("Go-JSON round trip changed " + node + " into " + written);
    }
    JSON.readTree(GoJson.marshal(JSON.convertValue(node, Object.class)));
  }

  /** Whether {@code back} is {@code original} as Go's encoding/json would round-trip it. */
  private static boolean sameAsGo(JsonNode original, JsonNode back) {
    if (original.isNumber()) {
      return back.isNumber() && original.asDouble() == back.asDouble();
    }
    if (original.isTextual()) {
      return back.isTextual() && goString(original.asText()).equals(back.asText());
    }
    if (original.isArray()) {
      if (!back.isArray() || back.size() != original.size()) {
        return false;
      }
      for (int i = 0; i < original.size(); i++) {
        if (!sameAsGo(original.get(i), back.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (original.isObject()) {
      if (!back.isObject() || back.size() > original.size()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = back.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode o = original.get(e.getKey());
        if (o == null || !sameAsGo(o, e.getValue())) {
          return false;
        }
      }
      return true;
    }
    return original.equals(back);
  }

  /** {@code s} as Go's strings hold it: a lone surrogate is U+FFFD. */
  private static String goString(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  /**
   * A CEL routing rule: compiled or refused with {@link IllegalArgumentException}; a compiled rule routes any event
   * to a path, to no match, or to a failure, never an escaped exception.
   */
  @FuzzTest
  @DictionaryEntries({"event.type", "event.data", "event.source", "==", "!=", "&&", "||", "has(", "size(",
      "startsWith(", "matches(", "'", "\"", "in", "[", "{", "int(", "double(", "string(", "exists(", "all(",
      "true", "false", "null", "1.0", "b'", "timestamp(", "duration("})
  void celRules(FuzzedDataProvider data) {
    String match = data.consumeString(200);
    byte[] event = data.consumeRemainingAsBytes();
    RouteMatcher matcher;
    try {
      matcher = RouteMatcher.compile(List.of(new RouteRule(match, "/a")), data.consumeBoolean() ? "/b" : "");
    } catch (IllegalArgumentException refused) {
      Verdicts.noInternalText("CEL refusal", refused.getMessage(), match);
      return;
    }
    Object value;
    try {
      value = CloudEvents.parse(event);
    } catch (CloudEvents.NotACloudEventException notJson) {
      value = new String(event, StandardCharsets.UTF_8);
    }
    assertThat(matcher.route(value)).isNotNull();
  }

  /**
   * Go durations: what parses formats back to text that parses to the same duration; metadata durations (Go
   * duration or integer) never throw.
   */
  @FuzzTest
  @DictionaryEntries({"ns", "us", "µs", "μs", "ms", "s", "m", "h", ".", "-", "+", "9223372036854775807"})
  void durations(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Optional<Duration> d = GoDurations.parse(text);
    if (d.isPresent()) {
      String formatted = GoDurations.format(d.get());
      assertThat(GoDurations.parse(formatted)).as("%s formatted as %s", text, formatted).contains(d.get());
    }
    GoDurations.parseMetadata(text, ChronoUnit.SECONDS);
    GoDurations.parseMetadata(text, ChronoUnit.MILLIS);
  }

  /** The YAML documents of {@code yaml} that are objects; empty when it is not YAML. */
  static List<JsonNode> documents(byte[] yaml) {
    try {
      return YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll().stream()
          .filter(n -> n != null && n.isObject()).toList();
    } catch (IOException | RuntimeException notYaml) {
      return List.of();
    }
  }
}
