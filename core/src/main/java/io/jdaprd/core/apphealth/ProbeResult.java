package io.jdaprd.core.apphealth;

/**
 * The outcome of one health probe.
 *
 * @param healthy whether the app answered as healthy
 * @param reason why not (for the log), {@code null} when healthy
 */
public record ProbeResult(boolean healthy, String reason) {
  /** A successful probe. */
  public static final ProbeResult HEALTHY = new ProbeResult(true, null);

  /** A failed probe, for {@code reason}. */
  public static ProbeResult unhealthy(String reason) {
    return new ProbeResult(false, reason);
  }
}
