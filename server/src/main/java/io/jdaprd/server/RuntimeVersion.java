package io.jdaprd.server;

/** The runtime's version, from the jar's manifest; {@code edge} for a build without one, as Dapr's dev builds. */
final class RuntimeVersion {
  private RuntimeVersion() {
  }

  static String get() {
    String v = RuntimeVersion.class.getPackage().getImplementationVersion();
    return v == null ? "edge" : v;
  }
}
