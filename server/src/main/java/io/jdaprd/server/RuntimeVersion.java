package io.jdaprd.server;

/**
 * The runtime's version, from the jar's manifest; {@code edge} for a build without one, as Dapr's dev builds. The
 * Dapr CLI reads {@code daprd --version} as a semantic version (to decide, for example, whether to pass
 * {@code --scheduler-host-address}), so {@code --version} prints {@link #cliVersion()}: the daprd release whose
 * behaviour jdaprd follows, with jdaprd's own version as build metadata.
 */
final class RuntimeVersion {
  /** The daprd release jdaprd follows: its error catalog and behaviour are read from Dapr's master after v1.18.3. */
  static final String DAPR_VERSION = "1.18.3";

  private RuntimeVersion() {
  }

  static String get() {
    String v = RuntimeVersion.class.getPackage().getImplementationVersion();
    return v == null ? "edge" : v;
  }

  /**
   * {@code <DAPR_VERSION>+jdaprd.<version>}, e.g. {@code 1.18.3+jdaprd.0.1.0-SNAPSHOT}: a valid semantic version
   * (characters build metadata does not allow become {@code -}), which semver compares as {@link #DAPR_VERSION}.
   */
  static String cliVersion() {
    return DAPR_VERSION + "+jdaprd." + get().replaceAll("[^0-9A-Za-z.-]", "-");
  }

  /** What {@code --build-info} prints: daprd's three lines. */
  static String buildInfo() {
    return "Version: " + cliVersion() + "\nGit Commit: n/a\nGit Version: jdaprd " + get();
  }
}
