/**
 * {@code jdaprd run}: the Dapr CLI's {@code dapr run} for jdaprd. Starts one sidecar process (this same jar) per
 * app next to the app's own command, with the environment variables the CLI sets, prefixes their output, and stops
 * them together. {@link io.jdaprd.server.run.RunTemplate} reads the CLI's multi-app run template ({@code dapr.yaml});
 * {@link io.jdaprd.server.run.RunCommand} is the entry point.
 */
package io.jdaprd.server.run;
