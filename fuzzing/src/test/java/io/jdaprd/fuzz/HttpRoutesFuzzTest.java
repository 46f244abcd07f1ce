package io.jdaprd.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServiceConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;

/**
 * One fuzz target per family of HTTP routes. Each input picks a route of the family from the server's own route
 * table and one of its methods, fills the path parameters and the tail with names the sidecar knows or fuzzed
 * segments, adds fuzzed query parameters and headers and a fuzzed body, sends it over HTTP/1.1 and checks the answer
 * with {@link Verdicts#http}.
 */
class HttpRoutesFuzzTest {
  private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.DELETE, HttpMethod.PATCH);
  private static final List<String> QUERY_KEYS = List.of("metadata.ttlInSeconds", "metadata.rawPayload",
      "metadata.contentType", "metadata.partitionKey", "metadata.queryIndexName", "metadata.key", "consistency",
      "concurrency", "raw", "key", "keys", "appid", "instanceID", "dataEncoding", "metadata.cloudevent.id");
  private static final List<String> HEADER_NAMES = List.of("content-type", "if-match", "dapr-app-id",
      "traceparent", "tracestate", "metadata.ttlInSeconds", "content-length-x", "accept", "dapr-caller-app-id",
      "x-forwarded-for", "grpc-trace-bin", "dapr-reentrancy-id", "accept-encoding");
  private static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain",
      "application/cloudevents+json", "application/cloudevents-batch+json", "application/octet-stream",
      "application/json; charset=utf-8", "application/x-www-form-urlencoded");
  private static final Map<String, List<Route>> FAMILIES = new ConcurrentHashMap<>();

  private static List<Route> family(String regex) {
    return FAMILIES.computeIfAbsent(regex, r -> {
      Pattern p = Pattern.compile(r);
      List<Route> routes = new ArrayList<>();
      for (ServiceConfig config : FuzzSidecar.get().http.serviceConfigs()) {
        if (p.matcher(config.route().patternString()).find() && !routes.contains(config.route())) {
          routes.add(config.route());
        }
      }
      routes.sort(Comparator.comparing(Route::patternString).thenComparing(Route::pathType));
      return routes;
    });
  }

  /** The sidecar starts before fuzzing does, so that its start-up does not count as the first input's time. */
  @BeforeAll
  static void startSidecar() {
    FuzzSidecar.get();
  }

  @FuzzTest
  @DictionaryEntries({"{\"key\":\"", "\",\"value\":", "[{\"key\":\"k\",\"value\":1}]", "\"etag\":\"",
      "{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"k\",\"value\":1}}]}", "\"delete\"",
      "\"metadata\":{", "\"ttlInSeconds\":\"", "\"options\":{\"concurrency\":\"first-write\"}", "{\"keys\":[",
      "\"parallelism\":", "{\"filter\":{\"EQ\":{", "\"sort\":[", "\"page\":{\"limit\":", "strong", "eventual"})
  void state(FuzzedDataProvider data) {
    fuzz(data, "^/v1\\.0(-alpha1)?/state");
  }

  @FuzzTest
  @DictionaryEntries({"{\"specversion\":\"1.0\",\"id\":\"", "\"datacontenttype\":\"", "\"data\":",
      "[{\"entryId\":\"1\",\"event\":", "\"contentType\":\"", "application/cloudevents+json", "\"data_base64\":\"",
      "\"traceparent\":\""})
  void pubsub(FuzzedDataProvider data) {
    fuzz(data, "^/v1\\.0(-alpha1)?/publish");
  }

  @FuzzTest
  void invoke(FuzzedDataProvider data) {
    fuzz(data, "^/v1\\.0/invoke", "/v1.0/invoke/");
  }

  @FuzzTest
  @DictionaryEntries({"{\"operation\":\"", "\"data\":", "\"metadata\":{", "create", "get", "delete", "list"})
  void bindings(FuzzedDataProvider data) {
    fuzz(data, "^/v1\\.0/bindings");
  }

  @FuzzTest
  @DictionaryEntries({"password", "db", "bulk", "pass", "db:pass"})
  void secrets(FuzzedDataProvider data) {
    fuzz(data, "^/v1\\.0/secrets");
  }

  @FuzzTest
  void configuration(FuzzedDataProvider data) {
    fuzz(data, "^/v1\\.0(-alpha1)?/configuration");
  }

  @FuzzTest
  @DictionaryEntries({"{\"resourceId\":\"", "\"lockOwner\":\"", "\"expiryInSeconds\":"})
  void lock(FuzzedDataProvider data) {
    fuzz(data, "^/v1\\.0(-alpha1)?/(un)?lock");
  }

  @FuzzTest
  void metadata(FuzzedDataProvider data) {
    fuzz(data, "^/v1\\.0/metadata");
  }

  @FuzzTest
  @DictionaryEntries({"state", "reminders", "timers", "method", "{\"dueTime\":\"", "\"period\":\"", "\"ttl\":\"",
      "R5/PT1S", "0h0m1s", "\"callback\":\""})
  void actors(FuzzedDataProvider data) {
    fuzz(data, "^/v1\\.0/actors");
  }

  @FuzzTest
  @DictionaryEntries({"start", "terminate", "raiseEvent", "pause", "resume", "purge", "dapr", "instanceID"})
  void workflows(FuzzedDataProvider data) {
    fuzz(data, "^/v1\\.0(-alpha1|-beta1)?/workflows");
  }

  @FuzzTest
  @DictionaryEntries({"{\"schedule\":\"", "\"dueTime\":\"", "\"repeats\":", "\"data\":", "@every 1s", "\"ttl\":\""})
  void jobs(FuzzedDataProvider data) {
    fuzz(data, "^/v1\\.0(-alpha1)?/jobs");
  }

  @FuzzTest
  void crypto(FuzzedDataProvider data) {
    fuzz(data, "^/v1\\.0(-alpha1)?/(subtle)?crypto", "/v1.0-alpha1/crypto/", "/v1.0-alpha1/subtlecrypto/");
  }

  @FuzzTest
  @DictionaryEntries({"{\"inputs\":[{\"content\":\"", "\"temperature\":", "\"tools\":[", "\"scrubPII\":true"})
  void conversation(FuzzedDataProvider data) {
    fuzz(data, "^/v1\\.0(-alpha1|-alpha2)?/conversation");
  }

  @FuzzTest
  void health(FuzzedDataProvider data) {
    fuzz(data, "^/v1\\.0/healthz");
  }

  /**
   * One request of the family: a route of the server's table whose pattern {@code familyRegex} finds, or one of the
   * {@code catchAllPrefixes} the family's handler serves behind a catch-all service (outside the route table).
   */
  private static void fuzz(FuzzedDataProvider data, String familyRegex, String... catchAllPrefixes) {
    List<Route> routes = family(familyRegex);
    StringBuilder input = new StringBuilder();
    List<HttpMethod> methods = new ArrayList<>();
    StringBuilder path = new StringBuilder();
    if (routes.isEmpty() || catchAllPrefixes.length > 0 && data.consumeBoolean()) {
      path.append(catchAllPrefixes[data.consumeInt(0, catchAllPrefixes.length - 1)]);
      tail(path, data, input);
    } else {
      Route route = routes.get(data.consumeInt(0, routes.size() - 1));
      methods.addAll(route.methods());
      methods.retainAll(METHODS);
      methods.sort(Comparator.naturalOrder());
      path.append(path(route, data, input));
    }
    HttpMethod method = methods.isEmpty() || data.consumeInt(0, 15) == 0 ? METHODS.get(data.consumeInt(0, 4))
        : methods.get(data.consumeInt(0, methods.size() - 1));
    int queries = data.consumeInt(0, 3);
    for (int i = 0; i < queries; i++) {
      String key = data.consumeBoolean() ? QUERY_KEYS.get(data.consumeInt(0, QUERY_KEYS.size() - 1))
          : data.consumeString(12);
      String value = data.consumeString(24);
      input.append(' ').append(key).append(' ').append(value);
      path.append(i == 0 ? '?' : '&').append(encode(key)).append('=').append(encode(value));
    }
    RequestHeadersBuilder headers = RequestHeaders.builder(method, path.toString());
    int count = data.consumeInt(0, 3);
    for (int i = 0; i < count; i++) {
      String name = HEADER_NAMES.get(data.consumeInt(0, HEADER_NAMES.size() - 1));
      String value = name.equals("content-type") && data.consumeBoolean()
          ? CONTENT_TYPES.get(data.consumeInt(0, CONTENT_TYPES.size() - 1)) : headerValue(data.consumeString(40));
      input.append(' ').append(name).append(' ').append(value);
      headers.add(name, value);
    }
    byte[] body = data.consumeRemainingAsBytes();
    input.append(' ').append(new String(body, StandardCharsets.UTF_8));
    AggregatedHttpResponse response;
    try {
      response = FuzzSidecar.get().web.execute(HttpRequest.of(headers.build(), HttpData.wrap(body))).aggregate()
          .orTimeout(30, TimeUnit.SECONDS).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IllegalArgumentException) {
        return; // A request target the HTTP client refuses to send (an encoded control character, say).
      }
      throw e;
    }
    Verdicts.http(method + " " + path, response.status().code(), response.contentUtf8(), input.toString());
  }

  private static final Pattern PARAM = Pattern.compile("\\{[^}]+}|:[A-Za-z0-9_]+|\\[\\^/][*+]");

  /** A path the route takes: each parameter a known name or a fuzzed segment, a prefix route a fuzzed tail. */
  private static String path(Route route, FuzzedDataProvider data, StringBuilder input) {
    String pattern = route.patternString();
    StringBuilder out = new StringBuilder();
    switch (route.pathType()) {
      case EXACT -> out.append(pattern);
      case PREFIX -> {
        out.append(pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern);
        tail(out, data, input);
      }
      default -> {
        String p = route.pathType().name().equals("REGEX")
            ? pattern.replaceAll("^\\^|\\$$", "").replaceAll("\\(([^|()]+)(\\|[^()]*)?\\)", "$1")
                .replace("\\.", ".") : pattern;
        Matcher m = PARAM.matcher(p);
        int last = 0;
        while (m.find()) {
          out.append(p, last, m.start()).append(segment(data, input));
          last = m.end();
        }
        out.append(p.substring(last));
      }
    }
    return out.toString();
  }

  /** Appends one to five fuzzed segments after a prefix. */
  private static void tail(StringBuilder out, FuzzedDataProvider data, StringBuilder input) {
    if (out.charAt(out.length() - 1) != '/') {
      out.append('/');
    }
    int segments = data.consumeInt(1, 5);
    for (int i = 0; i < segments; i++) {
      out.append(i == 0 ? "" : "/").append(segment(data, input));
    }
  }

  private static String segment(FuzzedDataProvider data, StringBuilder input) {
    String s = data.consumeBoolean() ? FuzzSidecar.NAMES.get(data.consumeInt(0, FuzzSidecar.NAMES.size() - 1))
        : data.consumeString(30);
    input.append(' ').append(s);
    return encode(s);
  }

  /** Percent-encodes everything but RFC 3986's unreserved characters. */
  static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }

  /** The printable ASCII of {@code s}: what a header value may carry on the wire. */
  private static String headerValue(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      }
    }
    return out.toString().strip();
  }
}
