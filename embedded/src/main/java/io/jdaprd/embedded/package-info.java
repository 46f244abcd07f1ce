/**
 * A whole jdaprd sidecar inside the caller's JVM for tests of Dapr apps: {@link io.jdaprd.embedded.JdaprdSidecar}
 * (the server's own start path, on free ports), its test views (state left behind, events published), the JUnit 5
 * extension {@link io.jdaprd.embedded.JdaprdExtension} and a Spring initializer.
 */
package io.jdaprd.embedded;
