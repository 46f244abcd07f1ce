package io.jdaprd.core.runtime;

/**
 * API logging, as daprd's {@code --enable-api-logging} and the Configuration's {@code spec.logging.apiLogging} set
 * it: one INFO line per API call ({@code HTTP API Called} / {@code gRPC API Called}), written whatever
 * {@code --log-level} says.
 *
 * @param enabled whether calls are logged
 * @param obfuscateUrls HTTP only: log the route's name ({@code GetState}, {@code InvokeService/<app>}) instead of
 *     the method and path
 * @param healthChecks whether the HTTP health routes are logged too (daprd's default; off with
 *     {@code omitHealthChecks: true})
 */
public record ApiLogging(boolean enabled, boolean obfuscateUrls, boolean healthChecks) {
  /** No API logging. */
  public static final ApiLogging OFF = new ApiLogging(false, false, true);
}
