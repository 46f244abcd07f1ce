package io.jdaprd.core.resiliency;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdaprd.core.pubsub.routing.CelRules;
import io.jdaprd.core.resiliency.ResiliencySpec.ActorBreakerScope;
import io.jdaprd.core.resiliency.ResiliencySpec.ActorNames;
import io.jdaprd.core.resiliency.ResiliencySpec.BreakerSpec;
import io.jdaprd.core.resiliency.ResiliencySpec.ComponentNames;
import io.jdaprd.core.resiliency.ResiliencySpec.Names;
import io.jdaprd.golang.GoDurations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Reads one {@code Resiliency} document as daprd's resource type and decoder do. A retry policy has the fields of
 * daprd's resource type: {@code policy} ({@code constant} or {@code exponential}), {@code duration},
 * {@code maxInterval}, {@code maxRetries} and {@code matching}; the other backoff values keep their defaults (daprd's
 * type has no field for them). Durations are Go durations, or integers counted in milliseconds. A {@code trip} is
 * a CEL expression over {@code requests}, {@code totalSuccesses}, {@code totalFailures},
 * {@code consecutiveSuccesses} and {@code consecutiveFailures}.
 */
public final class ResiliencyParser {
  private ResiliencyParser() {
  }

  /**
   * Parses {@code doc}.
   *
   * @throws IllegalArgumentException with daprd's reason when a policy or target is invalid (the whole resource is
   *     then ignored)
   */
  public static ResiliencySpec parse(JsonNode doc) {
    String name = doc.path("metadata").path("name").asText("");
    List<String> scopes = new ArrayList<>();
    doc.path("scopes").forEach(s -> scopes.add(s.asText()));
    JsonNode policies = doc.path("spec").path("policies");
    Map<String, Duration> timeouts = entries(policies.path("timeouts"), (n, v) -> {
      String text = v.isValueNode() ? v.asText() : v.toString();
      return duration(text).orElseThrow(() -> new IllegalArgumentException("invalid duration \"" + n + "\", " + text
          + ": time: invalid duration \"" + text + "\""));
    });
    Map<String, RetrySpec> retries = entries(policies.path("retries"), ResiliencyParser::retry);
    Map<String, BreakerSpec> breakers = entries(policies.path("circuitBreakers"), ResiliencyParser::breaker);
    JsonNode targets = doc.path("spec").path("targets");
    Map<String, Names> apps = entries(targets.path("apps"), (n, v) -> names(v));
    Map<String, ActorNames> actors = entries(targets.path("actors"), (n, v) -> actor(v));
    Map<String, ComponentNames> components = entries(targets.path("components"),
        (n, v) -> new ComponentNames(names(v.path("inbound")), names(v.path("outbound"))));
    return new ResiliencySpec(name, List.copyOf(scopes), timeouts, retries, breakers, apps, actors, components);
  }

  private static <T> Map<String, T> entries(JsonNode node, BiFunction<String, JsonNode, T> read) {
    Map<String, T> out = new LinkedHashMap<>();
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> out.put(e.getKey(), read.apply(e.getKey(), e.getValue())));
    } else if (!node.isMissingNode() && !node.isNull()) {
      throw new IllegalArgumentException("expected a map of names, found: " + node);
    }
    return out;
  }

  /** daprd's duration of a policy: an integer is milliseconds, anything else a Go duration. */
  static java.util.Optional<Duration> duration(String text) {
    try {
      return java.util.Optional.of(Duration.ofMillis(Long.parseLong(text)));
    } catch (NumberFormatException e) {
      return GoDurations.parse(text);
    }
  }

  private static Duration durationField(String policy, String kind, JsonNode node, String field, Duration fallback) {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull() || v.asText().isEmpty()) {
      return fallback;
    }
    String text = v.asText();
    return duration(text).orElseThrow(() -> new IllegalArgumentException("invalid " + kind + " configuration \""
        + policy + "\": '" + field + "' invalid duration: " + text));
  }

  private static RetrySpec retry(String name, JsonNode node) {
    RetrySpec d = RetrySpec.DEFAULT;
    String policyText = node.path("policy").asText("");
    RetrySpec.Kind kind = switch (policyText.toLowerCase(Locale.ROOT)) {
      case "", "constant" -> RetrySpec.Kind.CONSTANT;
      case "exponential" -> RetrySpec.Kind.EXPONENTIAL;
      default -> throw new IllegalArgumentException("invalid retry configuration \"" + name
          + "\": unexpected back off policy type: " + policyText);
    };
    Duration duration = durationField(name, "retry", node, "duration", d.duration());
    Duration maxInterval = durationField(name, "retry", node, "maxInterval", d.maxInterval());
    long maxRetries = d.maxRetries();
    JsonNode mr = node.path("maxRetries");
    if (!mr.isMissingNode() && !mr.isNull()) {
      if (!mr.canConvertToInt() || !mr.isIntegralNumber()) {
        throw new IllegalArgumentException("invalid retry configuration \"" + name + "\": maxRetries: " + mr
            + " (expected: an integer; -1 retries without end)");
      }
      maxRetries = mr.asLong();
    }
    JsonNode matching = node.path("matching");
    StatusCodeMatch match = StatusCodeMatch.parse(matching.path("httpStatusCodes").asText(""),
        matching.path("gRPCStatusCodes").asText(""));
    return new RetrySpec(kind, duration, d.initialInterval(), d.randomizationFactor(), d.multiplier(), maxInterval,
        d.maxElapsedTime(), maxRetries, match);
  }

  private static BreakerSpec breaker(String name, JsonNode node) {
    JsonNode mr = node.path("maxRequests");
    long maxRequests = 0;
    if (!mr.isMissingNode() && !mr.isNull()) {
      if (!mr.isIntegralNumber() || mr.asLong() < 0 || mr.asLong() > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("invalid retry configuration \"" + name + "\": maxRequests: " + mr
            + " (expected: a whole number, 0 or more)");
      }
      maxRequests = mr.asLong();
    }
    Duration interval = durationField(name, "retry", node, "interval", Duration.ZERO);
    Duration timeout = durationField(name, "retry", node, "timeout", Duration.ZERO);
    String trip = node.path("trip").asText("");
    if (trip.isEmpty()) {
      return new BreakerSpec(maxRequests, interval, timeout, "", null);
    }
    CelRules.Program program;
    try {
      program = CelRules.compile(trip);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid retry configuration \"" + name + "\": trip: " + trip
          + " (expected: a CEL expression: " + e.getMessage() + ")");
    }
    return new BreakerSpec(maxRequests, interval, timeout, trip, counts -> {
      try {
        return Boolean.TRUE.equals(CelRules.evaluate(program, Map.of(
            "requests", counts.requests(),
            "totalSuccesses", counts.totalSuccesses(),
            "totalFailures", counts.totalFailures(),
            "consecutiveSuccesses", counts.consecutiveSuccesses(),
            "consecutiveFailures", counts.consecutiveFailures())));
      } catch (Exception e) {
        return false;
      }
    });
  }

  private static Names names(JsonNode node) {
    return new Names(node.path("timeout").asText(""), node.path("retry").asText(""),
        node.path("circuitBreaker").asText(""));
  }

  private static ActorNames actor(JsonNode node) {
    Names names = names(node);
    String scope = node.path("circuitBreakerScope").asText("");
    if (names.circuitBreaker().isEmpty()) {
      return new ActorNames(names, ActorBreakerScope.TYPE, cacheSize(node));
    }
    if (scope.isEmpty()) {
      throw new IllegalArgumentException("actor circuit breakers must include scope");
    }
    return new ActorNames(names, switch (scope) {
      case "type" -> ActorBreakerScope.TYPE;
      case "id" -> ActorBreakerScope.ID;
      case "both" -> ActorBreakerScope.BOTH;
      default -> throw new IllegalArgumentException("unknown circuit breaker scope \"" + scope + "\"");
    }, cacheSize(node));
  }

  /** {@code circuitBreakerCacheSize}: 0 or unset is daprd's default; below 0 fails as daprd's LRU cache does. */
  private static int cacheSize(JsonNode node) {
    JsonNode size = node.path("circuitBreakerCacheSize");
    if (size.isMissingNode() || size.isNull()) {
      return ActorNames.DEFAULT_BREAKER_CACHE_SIZE;
    }
    if (!size.canConvertToInt() || !size.isIntegralNumber()) {
      throw new IllegalArgumentException("circuitBreakerCacheSize: " + size + " (expected: an integer)");
    }
    int n = size.intValue();
    if (n < 0) {
      throw new IllegalArgumentException("must provide a positive size");
    }
    return n == 0 ? ActorNames.DEFAULT_BREAKER_CACHE_SIZE : n;
  }
}
