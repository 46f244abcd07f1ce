package io.jdaprd.components.secretstores;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.secrets.SecretStore;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code secretstores.local.env}: the sidecar's environment variables as secrets, as components-contrib's env store
 * in daprd 1.18 on Linux.
 *
 * <ul>
 *   <li>{@code prefix} (optional) is put before a requested name, and a bulk get lists only the variables that
 *       start with it, exactly (case-sensitive) and are longer than it, named without it.</li>
 *   <li>{@code APP_API_TOKEN} and any variable starting with {@code DAPR_} (in any case) are never read: a get
 *       answers an empty value (and logs the name, never a value), a bulk get leaves them out.</li>
 *   <li>A variable that is not set answers an empty value, not an error.</li>
 * </ul>
 */
public final class LocalEnvSecretStore implements SecretStore {
  /** The component type. */
  public static final String TYPE = "secretstores.local.env";

  private static final System.Logger LOG = System.getLogger(LocalEnvSecretStore.class.getName());

  private final Supplier<Map<String, String>> environment;
  private String prefix = "";

  /** A store over the process's environment. */
  public LocalEnvSecretStore() {
    this(System::getenv);
  }

  /** A store over {@code environment} (for tests). */
  public LocalEnvSecretStore(Supplier<Map<String, String>> environment) {
    this.environment = environment;
  }

  @Override
  public void init(ComponentMetadata metadata) {
    prefix = metadata.properties().getOrDefault("prefix", "");
  }

  @Override
  public Map<String, String> get(String name, Map<String, String> metadata) {
    String variable = prefix + name;
    String value = "";
    if (allowed(variable)) {
      String v = environment.get().get(variable);
      value = v == null ? "" : v;
    } else {
      LOG.log(System.Logger.Level.WARNING, "Access to env var {0} is forbidden", name);
    }
    return Map.of(name, value);
  }

  @Override
  public Map<String, Map<String, String>> bulkGet(Map<String, String> metadata) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    environment.get().forEach((variable, value) -> {
      if (!prefix.isEmpty() && (variable.length() <= prefix.length() || !variable.startsWith(prefix))) {
        return;
      }
      if (!allowed(variable)) {
        return;
      }
      String name = variable.substring(prefix.length());
      out.put(name, Map.of(name, value));
    });
    return out;
  }

  private static boolean allowed(String variable) {
    String upper = variable.toUpperCase(Locale.ROOT);
    return !upper.equals("APP_API_TOKEN") && !upper.startsWith("DAPR_");
  }

  /** Names the store's type and prefix, never a value. */
  @Override
  public String toString() {
    return TYPE + " (prefix " + prefix + ")";
  }
}
