package io.jdaprd.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdaprd.core.runtime.ApiAccess;
import io.jdaprd.core.runtime.ApiLogging;
import io.jdaprd.golang.GoDurations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads {@link Serving} from the flags and the Configuration's {@code spec}, checking each value as daprd does. */
final class ServingSettings {
  private ServingSettings() {
  }

  /**
   * @param warnings where a Configuration rule daprd ignores is reported
   * @throws Settings.BadFlagException for a bad value, naming the flag or field
   */
  static Serving from(Flags f, JsonNode spec, List<String> warnings) throws Settings.BadFlagException {
    Integer publicPort = null;
    if (f.publicPort != null && !f.publicPort.isEmpty()) {
      try {
        publicPort = Integer.parseInt(f.publicPort.trim());
      } catch (NumberFormatException e) {
        throw new Settings.BadFlagException("--dapr-public-port: " + f.publicPort + " (expected: a port number)");
      }
      port("--dapr-public-port", publicPort);
    }
    Duration block = duration("--dapr-block-shutdown-duration", f.blockShutdownDuration);
    if (f.enableProfiling) {
      port("--profile-port", f.profilePort);
    }
    JsonNode apiLogging = spec.path("logging").path("apiLogging");
    boolean enabled = f.enableApiLogging != null ? f.enableApiLogging : apiLogging.path("enabled").asBoolean(false);
    ApiLogging logging = new ApiLogging(enabled, apiLogging.path("obfuscateURLs").asBoolean(false),
        !apiLogging.path("omitHealthChecks").asBoolean(false));
    ApiAccess access = new ApiAccess(rules(spec, "allowed", warnings), rules(spec, "denied", warnings));
    List<String> deny = new ArrayList<>();
    JsonNode denyNode = spec.path("components").path("deny");
    if (!denyNode.isMissingNode() && !denyNode.isNull()) {
      if (!denyNode.isArray()) {
        throw new Settings.BadFlagException("--config: spec.components.deny (expected: a list of component types, "
            + "such as state.redis or state.redis/v1)");
      }
      denyNode.forEach(n -> deny.add(n.asText()));
    }
    String logFile = f.logFile == null || f.logFile.isEmpty() ? null : f.logFile;
    String socketDir = f.unixDomainSocket == null || f.unixDomainSocket.isEmpty() ? null : f.unixDomainSocket;
    String publicAddress = f.publicListenAddress == null || f.publicListenAddress.isEmpty() ? null
        : f.publicListenAddress;
    return new Serving(logFile, logging, access, List.copyOf(deny),
        f.allowedOrigins == null ? "" : f.allowedOrigins, publicPort, publicAddress,
        socketDir == null ? null : Path.of(socketDir), f.given("--dapr-block-shutdown-duration") ? block : null,
        f.enableProfiling ? f.profilePort : null, readBufferSize(f));
  }

  /** A Go duration flag's value ({@code 10s}, {@code 1m30s}). */
  static Duration duration(String flag, String text) throws Settings.BadFlagException {
    return GoDurations.parse(text == null ? "" : text.trim()).orElseThrow(() -> new Settings.BadFlagException(
        flag + ": " + text + " (expected: a duration such as 10s or 1m30s)"));
  }

  private static List<ApiAccess.Rule> rules(JsonNode spec, String list, List<String> warnings)
      throws Settings.BadFlagException {
    JsonNode node = spec.path("api").path(list);
    List<ApiAccess.Rule> rules = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      return rules;
    }
    if (!node.isArray()) {
      throw new Settings.BadFlagException("--config: spec.api." + list + " (expected: a list of rules with name, "
          + "version and protocol)");
    }
    for (JsonNode r : node) {
      ApiAccess.Rule rule = new ApiAccess.Rule(r.path("name").asText(""), r.path("version").asText(""),
          r.path("protocol").asText(""));
      if (!rule.isFor("http") && !rule.isFor("grpc")) {
        warnings.add("Configuration spec.api." + list + ": the rule for " + rule.name() + " " + rule.version()
            + " has protocol '" + rule.protocol() + "' and applies to neither API (expected: http or grpc), as in "
            + "daprd");
      }
      rules.add(rule);
    }
    return rules;
  }

  private static void port(String flag, int port) throws Settings.BadFlagException {
    if (port < 0 || port > 65535) {
      throw new Settings.BadFlagException(flag + ": " + port + " (expected: a port from 0 to 65535)");
    }
  }

  /** daprd's reading: {@code --read-buffer-size} wins, else {@code --dapr-http-read-buffer-size} in KiB. */
  private static long readBufferSize(Flags f) throws Settings.BadFlagException {
    if (f.given("--read-buffer-size") || !f.given("--dapr-http-read-buffer-size")) {
      return Settings.quantity("--read-buffer-size", f.readBufferSize);
    }
    return f.readBufferSizeKb > 0 ? (long) f.readBufferSizeKb << 10 : f.readBufferSizeKb;
  }
}
