package io.jdaprd.server.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One app to run with its sidecar, as {@code jdaprd run} resolved it from its flags or from a run template.
 *
 * @param appId the app id (never blank)
 * @param appDir the directory the app's command runs in
 * @param command the app's command and arguments; empty runs the sidecar alone
 * @param appPort the port the app listens on, or 0 when it listens on none
 * @param appProtocol the app's protocol as given ({@code http} when none was given)
 * @param httpPort the sidecar's HTTP port, 0 to choose a free one
 * @param grpcPort the sidecar's gRPC port, 0 to choose a free one
 * @param metricsPort the sidecar's metrics port, 0 to choose a free one
 * @param resourcesPaths absolute directories of component files; empty leaves jdaprd's default
 * @param configFile the absolute Configuration file, or null for jdaprd's default
 * @param env variables added to the environment of the app and its sidecar (after the ones the CLI sets)
 * @param sidecarArgs further daprd flags for the sidecar
 * @param appLog where the app's output goes
 * @param sidecarLog where the sidecar's output goes
 */
public record AppSpec(String appId, Path appDir, List<String> command, int appPort, String appProtocol,
    int httpPort, int grpcPort, int metricsPort, List<Path> resourcesPaths, Path configFile, Map<String, String> env,
    List<String> sidecarArgs, LogDestination appLog, LogDestination sidecarLog) {

  /** Copies the lists and map. */
  public AppSpec {
    command = List.copyOf(command);
    resourcesPaths = List.copyOf(resourcesPaths);
    env = Map.copyOf(env);
    sidecarArgs = List.copyOf(sidecarArgs);
  }

  /** Where a process's output goes, with the run template's names. */
  public enum LogDestination {
    /** Printed with a prefix. */
    CONSOLE("console"),
    /** Written to a file under {@code <appDirPath>/.dapr/logs}. */
    FILE("file"),
    /** Both. */
    FILE_AND_CONSOLE("fileAndConsole");

    private final String yamlName;

    LogDestination(String yamlName) {
      this.yamlName = yamlName;
    }

    /** The destination named {@code name} in a run template. */
    static LogDestination parse(String name) {
      for (LogDestination d : values()) {
        if (d.yamlName.equals(name)) {
          return d;
        }
      }
      throw new IllegalArgumentException("invalid value for log destination: " + name
          + " (one of console, file, fileAndConsole)");
    }

    boolean toConsole() {
      return this != FILE;
    }

    boolean toFile() {
      return this != CONSOLE;
    }
  }
}
