package io.jdaprd.server;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.jdaprd.core.invoke.acl.AccessControl;
import io.jdaprd.core.invoke.acl.InvalidAccessControlException;
import io.jdaprd.core.invoke.resolution.NameResolutionSpec;
import io.jdaprd.core.metrics.MetricsSpec;
import io.jdaprd.core.secrets.SecretScopes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A fuzzed Configuration file given with {@code --config}: the settings are made or refused with a
 * {@link Settings.BadFlagException} (the sidecar then exits with its message), and the spec's readers (metrics,
 * secret scopes, access control, name resolution) read it or refuse with the exception their contract names.
 */
class ConfigurationFuzzTest {
  private static Path file;

  private static synchronized Path file() {
    if (file == null) {
      try {
        file = Files.createTempFile("jdaprd-fuzz-config", ".yaml");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return file;
  }

  @FuzzTest
  @DictionaryEntries({"apiVersion: dapr.io/v1alpha1", "kind: Configuration", "spec:", "metric:",
      "enabled: ", "rules:", "http:      increasedCardinality: ", "pathMatching:",
      "latencyDistributionBuckets: ", "secrets:    scopes:", "- storeName: ", "defaultAccess: ",
      "allowedSecrets: ", "accessControl:    defaultAction: ", "trustDomain: ", "policies:",
      "- appId: ", "operations:", "- name: ", "httpVerb: ", "action: ",
      "nameResolution:    component: ", "configuration:", "features:", "tracing:",
      "samplingRate: ", "apiLogging:", "api:    allowed:", "logging:", "deny", "allow", "mdns"})
  void configuration(byte[] yaml) throws IOException {
    Files.write(file(), yaml);
    Flags flags = new Flags();
    Flags.parser(flags).parseArgs("--app-id", "fuzzapp", "--config", file().toString());
    Settings settings;
    try {
      settings = Settings.from(flags, Map.of());
    } catch (Settings.BadFlagException refused) {
      return;
    }
    JsonNode spec = settings.configSpec();
    try {
      MetricsSpec.parse(spec);
    } catch (IllegalArgumentException refused) {
      // Its contract.
    }
    try {
      SecretScopes.parse(spec.path("secrets"));
    } catch (IllegalArgumentException refused) {
      // Its contract.
    }
    try {
      AccessControl.parseAll(spec.isMissingNode() ? List.of() : List.of(spec.path("accessControl")), true);
    } catch (InvalidAccessControlException refused) {
      // Its contract.
    }
    NameResolutionSpec.parse(spec.get("nameResolution"));
  }
}
