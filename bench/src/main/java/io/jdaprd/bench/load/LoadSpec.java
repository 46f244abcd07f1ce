package io.jdaprd.bench.load;

/**
 * One load run.
 *
 * @param target       what to send
 * @param mode         {@code rate}: each connection sends at {@code rate / connections} per second on a fixed
 *                     schedule and latency is measured from the intended send time; {@code closed}: each connection
 *                     sends its next request as soon as the previous one is answered
 * @param rate         requests per second over all connections ({@code rate} mode)
 * @param connections  connections, each with one request in flight at most
 * @param durationMs   the measured window
 * @param warmupMs     a closed-loop warm-up on the same connections before the window, not measured; 0 for a
 *                     publish, whose closed-loop warm-up would leave a backlog that the window would then measure
 * @param payloadBytes the size of the state value sent by a save (and stored before a get)
 */
public record LoadSpec(Target target, String mode, int rate, int connections, long durationMs, long warmupMs,
    int payloadBytes) {

  /** Checks the values; returns this spec. */
  public LoadSpec validated() {
    if (!mode.equals("rate") && !mode.equals("closed")) {
      throw new IllegalArgumentException("mode: " + mode + " (expected: rate or closed)");
    }
    if (connections < 1 || (mode.equals("rate") && rate < connections)) {
      throw new IllegalArgumentException("connections: " + connections + ", rate: " + rate
          + " (expected: at least one connection and at least one request per second per connection)");
    }
    if (target.op().equals("publish") && warmupMs != 0) {
      throw new IllegalArgumentException("warmupMs: " + warmupMs + " (expected: 0 for a publish; warm it up with a "
          + "run of its own at its rate)");
    }
    if (durationMs < 100) {
      throw new IllegalArgumentException("durationMs: " + durationMs + " (expected: at least 100)");
    }
    return this;
  }
}
