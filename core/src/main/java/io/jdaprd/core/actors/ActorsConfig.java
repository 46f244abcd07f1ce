package io.jdaprd.core.actors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.golang.GoDurations;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the app answered to {@code GET /dapr/config}, as daprd reads it: the hosted {@code entities}, the
 * app-wide {@code actorIdleTimeout}, {@code actorScanInterval}, {@code drainOngoingCallTimeout},
 * {@code drainRebalancedActors} and {@code reentrancy}, and {@code entitiesConfig} entries that override the idle
 * timeout, drain timeout and reentrancy of the types they list. Durations are Go durations; a value that does not
 * parse keeps daprd's default (60 min idle, 30 s scan, 60 s drain, reentrancy off with a depth of 32).
 *
 * @param entities the hosted actor types, in the app's order
 * @param scanInterval how often idle actors are looked for
 * @param drainRebalancedActors whether calls in flight are awaited when actors move away
 * @param defaults the settings of a type without an {@code entitiesConfig} entry
 * @param perType the settings of the types listed in {@code entitiesConfig}
 */
public record ActorsConfig(List<String> entities, Duration scanInterval, boolean drainRebalancedActors,
    TypeConfig defaults, Map<String, TypeConfig> perType) {
  static final Duration DEFAULT_IDLE = Duration.ofMinutes(60);
  static final Duration DEFAULT_SCAN = Duration.ofSeconds(30);
  static final Duration DEFAULT_DRAIN = Duration.ofSeconds(60);
  static final int DEFAULT_STACK_DEPTH = 32;

  /** No hosted types (the app answered something other than 200, or nothing). */
  public static final ActorsConfig NONE = new ActorsConfig(List.of(), DEFAULT_SCAN, true,
      new TypeConfig(DEFAULT_IDLE, DEFAULT_DRAIN, false, DEFAULT_STACK_DEPTH), Map.of());

  public ActorsConfig {
    entities = List.copyOf(entities);
    perType = Map.copyOf(perType);
  }

  /**
   * The settings of one actor type.
   *
   * @param idleTimeout how long an activation may go without a call before it is deactivated
   * @param drainTimeout how long calls in flight are awaited at shutdown
   * @param reentrant whether calls of one {@code Dapr-Reentrancy-Id} chain re-enter the actor
   * @param maxStackDepth how deep a reentrant chain may go
   */
  public record TypeConfig(Duration idleTimeout, Duration drainTimeout, boolean reentrant, int maxStackDepth) {
  }

  /** The settings of {@code actorType}. */
  public TypeConfig of(String actorType) {
    return perType.getOrDefault(actorType, defaults);
  }

  /**
   * Reads the body of a 200 answer to {@code GET /dapr/config}.
   *
   * @throws IOException when it is not a JSON object
   */
  public static ActorsConfig parse(byte[] body) throws IOException {
    JsonNode root = new ObjectMapper().readTree(body);
    if (root == null || !root.isObject()) {
      throw new IOException("the app's configuration is not a JSON object");
    }
    TypeConfig defaults = typeConfig(root, NONE.defaults());
    Map<String, TypeConfig> perType = new LinkedHashMap<>();
    for (JsonNode entry : root.path("entitiesConfig")) {
      TypeConfig config = typeConfig(entry, defaults);
      for (JsonNode type : entry.path("entities")) {
        perType.put(type.asText(), config);
      }
    }
    List<String> entities = new ArrayList<>();
    root.path("entities").forEach(t -> entities.add(t.asText()));
    boolean drainRebalanced = !root.has("drainRebalancedActors") || root.path("drainRebalancedActors").asBoolean();
    return new ActorsConfig(entities, duration(root, "actorScanInterval", DEFAULT_SCAN), drainRebalanced, defaults,
        perType);
  }

  private static TypeConfig typeConfig(JsonNode node, TypeConfig base) {
    boolean reentrant = base.reentrant();
    int depth = base.maxStackDepth();
    JsonNode reentrancy = node.path("reentrancy");
    if (reentrancy.isObject()) {
      reentrant = reentrancy.path("enabled").asBoolean(false);
      depth = reentrancy.path("maxStackDepth").isInt() ? reentrancy.path("maxStackDepth").asInt() : DEFAULT_STACK_DEPTH;
    }
    return new TypeConfig(duration(node, "actorIdleTimeout", base.idleTimeout()),
        duration(node, "drainOngoingCallTimeout", base.drainTimeout()), reentrant, depth);
  }

  private static Duration duration(JsonNode node, String field, Duration fallback) {
    String text = node.path(field).asText("");
    if (text.isEmpty()) {
      return fallback;
    }
    return GoDurations.parse(text).filter(d -> d.compareTo(Duration.ZERO) > 0).orElse(fallback);
  }
}
