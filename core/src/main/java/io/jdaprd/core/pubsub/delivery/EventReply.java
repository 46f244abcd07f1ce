package io.jdaprd.core.pubsub.delivery;


/**
 * The outcome of one delivery.
 *
 * @param status what to do with the event
 * @param deadLetter for {@link EventStatus#DROP}: whether the event goes to the dead-letter topic (HTTP 404 and a
 *     {@code DROP} answer do; gRPC {@code Unimplemented} does not)
 * @param reason why, for the log (for example "app answered 500"); empty on success
 */
public record EventReply(EventStatus status, boolean deadLetter, String reason) {
  /** Handled. */
  public static final EventReply SUCCESS = new EventReply(EventStatus.SUCCESS, false, "");

  /** A retry for {@code reason}. */
  public static EventReply retry(String reason) {
    return new EventReply(EventStatus.RETRY, false, reason);
  }

  /** A drop for {@code reason}, dead-lettered or not. */
  public static EventReply drop(String reason, boolean deadLetter) {
    return new EventReply(EventStatus.DROP, deadLetter, reason);
  }
}
