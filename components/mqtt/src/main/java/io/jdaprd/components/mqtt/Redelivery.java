package io.jdaprd.components.mqtt;

import java.time.Duration;

/**
 * When a message whose handler threw is offered to a handler again. MQTT 3.1.1 has no negative acknowledgement: a
 * broker sends an unacknowledged message again only when the client reconnects. So the component keeps the message
 * unacknowledged and offers it again itself, on this plan; when the plan gives up the message stays
 * unacknowledged, and the broker sends it again after the next reconnect of the client (daprd's behaviour).
 */
interface Redelivery {

  /**
   * The wait before the next attempt, or {@code null} to give up.
   *
   * @param failures how many attempts failed so far (1 after the first failure)
   */
  Duration after(int failures);

  /** The pub/sub's plan: for ever, 1 s after the first failure, doubling up to 10 s. */
  static Redelivery untilHandled() {
    return failures -> Duration.ofMillis(Math.min(10_000L, 1000L << Math.min(failures - 1, 10)));
  }

  /**
   * The input binding's plan, daprd's: every 5 s, at most {@code maxRetries} times ({@code backOffMaxRetries}: 0 by
   * default, so no retry; -1 for ever).
   */
  static Redelivery constant(Duration interval, int maxRetries) {
    return failures -> maxRetries < 0 || failures <= maxRetries ? interval : null;
  }
}
