package io.jdaprd.server.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jdaprd.server.run.AppSpec.LogDestination;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Dapr CLI's multi-app run template ({@code dapr run -f dapr.yaml}) into one {@link AppSpec} per app, with
 * the CLI's rules:
 * <ul>
 *   <li>{@code version} is required; every app needs {@code appDirPath}, relative to the template's directory;</li>
 *   <li>paths under {@code common} are relative to the template's directory, an app's own paths to its
 *   {@code appDirPath}; {@code ~} is the home directory; every path given must exist;</li>
 *   <li>{@code resourcesPath} is added to {@code resourcesPaths}; an app without resources paths takes
 *   {@code <appDirPath>/.dapr/resources} when that exists, else the common ones; likewise its configuration takes
 *   {@code <appDirPath>/.dapr/config.yaml}, else the common one; with none, jdaprd's own defaults apply;</li>
 *   <li>a shared setting (log level, app protocol, health checks, ...) an app leaves unset is the common one, and the
 *   common {@code env} is added to each app's (an app's own value wins);</li>
 *   <li>{@code appID} defaults to the base name of {@code appDirPath}; the sidecar's output goes to a file and the
 *   app's to a file and the console unless {@code daprdLogDestination}/{@code appLogDestination} say otherwise.</li>
 * </ul>
 */
public final class RunTemplate {
  /** The template's file name when a directory is given. */
  public static final String DEFAULT_NAME = "dapr.yaml";

  /** Shared settings (template name to daprd flag) passed to the sidecar as they are. */
  private static final Map<String, String> SHARED_FLAGS = sharedFlags();
  /** Per-app settings (template name to daprd flag) passed to the sidecar as they are. */
  private static final Map<String, String> APP_FLAGS = Map.of(
      "appChannelAddress", "--app-channel-address",
      "daprInternalGRPCPort", "--dapr-internal-grpc-port",
      "profilePort", "--profile-port",
      "unixDomainSocket", "--unix-domain-socket");

  private RunTemplate() {
  }

  private static Map<String, String> sharedFlags() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("logLevel", "--log-level");
    m.put("appMaxConcurrency", "--app-max-concurrency");
    m.put("apiListenAddresses", "--dapr-listen-addresses");
    m.put("enableProfiling", "--enable-profiling");
    m.put("enableApiLogging", "--enable-api-logging");
    m.put("enableAppHealthCheck", "--enable-app-health-check");
    m.put("appHealthCheckPath", "--app-health-check-path");
    m.put("appHealthProbeInterval", "--app-health-probe-interval");
    m.put("appHealthProbeTimeout", "--app-health-probe-timeout");
    m.put("appHealthThreshold", "--app-health-threshold");
    m.put("maxBodySize", "--max-body-size");
    m.put("readBufferSize", "--read-buffer-size");
    m.put("appSSL", "--app-ssl");
    m.put("placementHostAddress", "--placement-host-address");
    m.put("schedulerHostAddress", "--scheduler-host-address");
    return m;
  }

  /** A template that cannot be read or breaks one of the rules; the message says which. */
  public static final class BadTemplateException extends Exception {
    BadTemplateException(String message) {
      super(message);
    }
  }

  /**
   * Reads the template at {@code path}, or {@code path/dapr.yaml} when {@code path} is a directory.
   *
   * @throws BadTemplateException when it cannot be read, is not valid YAML, or breaks a rule above
   */
  public static List<AppSpec> read(Path path) throws BadTemplateException {
    Path file = Files.isDirectory(path) ? path.resolve(DEFAULT_NAME) : path;
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new BadTemplateException("cannot read the run template " + file + ": "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new BadTemplateException("the run template " + file + " is empty or not a mapping");
    }
    if (root.path("version").asInt(0) == 0) {
      throw new BadTemplateException("required field 'version' not found in the provided run template file");
    }
    Path base = file.toAbsolutePath().normalize().getParent();
    JsonNode common = root.path("common");
    List<Path> commonResources = resourcesPaths(common, base);
    Path commonConfig = path(common, "configFilePath", base);
    Map<String, String> commonEnv = env(common);
    List<AppSpec> apps = new ArrayList<>();
    for (JsonNode app : root.path("apps")) {
      apps.add(app(app, common, base, commonResources, commonConfig, commonEnv));
    }
    if (apps.isEmpty()) {
      throw new BadTemplateException("the run template " + file + " has no apps");
    }
    return apps;
  }

  private static AppSpec app(JsonNode app, JsonNode common, Path base, List<Path> commonResources, Path commonConfig,
      Map<String, String> commonEnv) throws BadTemplateException {
    String dirText = text(app, "appDirPath");
    if (dirText == null) {
      throw new BadTemplateException("required field 'appDirPath' not found in the provided app config file");
    }
    Path dir = resolve(base, dirText);
    String appId = text(app, "appID");
    if (appId == null) {
      appId = dir.getFileName() == null ? "app" : dir.getFileName().toString();
    }
    List<Path> resources = resourcesPaths(app, dir);
    if (resources.isEmpty()) {
      Path local = dir.resolve(".dapr").resolve("resources");
      resources = Files.isDirectory(local) ? List.of(local) : commonResources;
    }
    Path config = path(app, "configFilePath", dir);
    if (config == null) {
      Path local = dir.resolve(".dapr").resolve("config.yaml");
      config = Files.isRegularFile(local) ? local : commonConfig;
    }
    Map<String, String> env = new LinkedHashMap<>(commonEnv);
    env.putAll(env(app));
    List<String> command = new ArrayList<>();
    for (JsonNode part : app.path("command")) {
      command.add(part.asText());
    }
    List<String> args = new ArrayList<>();
    for (Map.Entry<String, String> flag : SHARED_FLAGS.entrySet()) {
      String value = text(app, flag.getKey());
      if (value == null) {
        value = text(common, flag.getKey());
      }
      addFlag(args, flag.getValue(), value);
    }
    for (Map.Entry<String, String> flag : APP_FLAGS.entrySet()) {
      addFlag(args, flag.getValue(), text(app, flag.getKey()));
    }
    String protocol = text(app, "appProtocol");
    if (protocol == null) {
      protocol = text(common, "appProtocol");
    }
    return new AppSpec(appId, dir, command, port(app, "appPort"), protocol == null ? "http" : protocol,
        port(app, "daprHTTPPort"), port(app, "daprGRPCPort"), port(app, "metricsPort"), resources, config, env, args,
        destination(app, common, "appLogDestination", LogDestination.FILE_AND_CONSOLE),
        destination(app, common, "daprdLogDestination", LogDestination.FILE));
  }

  /** Adds {@code flag value}, or nothing for an unset value or a false switch. */
  private static void addFlag(List<String> args, String flag, String value) {
    if (value == null || value.equals("false")) {
      return;
    }
    if (value.equals("true")) {
      args.add(flag);
    } else {
      args.add(flag);
      args.add(value);
    }
  }

  private static LogDestination destination(JsonNode app, JsonNode common, String field, LogDestination fallback)
      throws BadTemplateException {
    String value = text(app, field);
    if (value == null) {
      value = text(common, field);
    }
    try {
      return value == null ? fallback : LogDestination.parse(value);
    } catch (IllegalArgumentException e) {
      throw new BadTemplateException(e.getMessage());
    }
  }

  private static List<Path> resourcesPaths(JsonNode node, Path base) throws BadTemplateException {
    List<Path> paths = new ArrayList<>();
    for (JsonNode p : node.path("resourcesPaths")) {
      paths.add(existing(resolve(base, p.asText())));
    }
    Path single = path(node, "resourcesPath", base);
    if (single != null) {
      paths.add(single);
    }
    return paths;
  }

  private static Path path(JsonNode node, String field, Path base) throws BadTemplateException {
    String value = text(node, field);
    return value == null ? null : existing(resolve(base, value));
  }

  private static Path existing(Path p) throws BadTemplateException {
    if (!Files.exists(p)) {
      throw new BadTemplateException("error in validating the path " + p + ": no such file or directory");
    }
    return p;
  }

  private static Path resolve(Path base, String value) {
    String home = System.getProperty("user.home");
    if (value.equals("~")) {
      value = home;
    } else if (value.startsWith("~/")) {
      value = home + value.substring(1);
    }
    return base.resolve(value).toAbsolutePath().normalize();
  }

  private static Map<String, String> env(JsonNode node) {
    Map<String, String> env = new LinkedHashMap<>();
    node.path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  private static int port(JsonNode node, String field) throws BadTemplateException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return 0;
    }
    if (!value.canConvertToInt() && !value.asText().matches("-?\\d+")) {
      throw new BadTemplateException("invalid value for " + field + ": " + value.asText());
    }
    return Math.max(0, value.asInt());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      return null;
    }
    String text = value.asText().trim();
    return text.isEmpty() ? null : text;
  }
}
