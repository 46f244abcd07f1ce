package io.jdaprd.core.actors.callbackstream;

import java.util.Map;

/** A callback the sidecar sends to the app over the stream; {@code id} correlates the app's answer. */
public sealed interface ActorCallback {
  /** The id the answer must carry (unique per connection). */
  String id();

  /**
   * An actor method call.
   *
   * @param metadata the caller's metadata, one value per name
   */
  record Invoke(String id, String actorType, String actorId, String method, byte[] data,
      Map<String, String> metadata) implements ActorCallback {
    public Invoke {
      metadata = Map.copyOf(metadata);
    }
  }

  /**
   * A reminder firing.
   *
   * @param data the reminder's data as daprd stores it (the raw JSON text), {@code null} for none
   */
  record Reminder(String id, String actorType, String actorId, String name, String dueTime, String period,
      byte[] data) implements ActorCallback {
  }

  /**
   * A timer firing.
   *
   * @param callback the timer's callback method, empty for none
   * @param data the timer's data (the raw JSON text), {@code null} for none
   */
  record Timer(String id, String actorType, String actorId, String name, String dueTime, String period,
      String callback, byte[] data) implements ActorCallback {
  }

  /** An actor deactivation. */
  record Deactivate(String id, String actorType, String actorId) implements ActorCallback {
  }
}
