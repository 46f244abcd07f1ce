/**
 * The {@code embedded} bench scenario's programs, each run in a fresh JVM by {@code EmbeddedScenario}:
 * {@link io.jdaprd.bench.embedded.StartMain} (embedded start to the first successful state call, sidecar after
 * sidecar in one JVM) and {@link io.jdaprd.bench.embedded.SuiteMain} (a 20-test JUnit class against an embedded
 * sidecar through the extension, or against a {@code jdaprd} process).
 */
package io.jdaprd.bench.embedded;
