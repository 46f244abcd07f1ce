package io.jdaprd.core.actors.callbackstream;

import java.util.Map;

/** An answer of the app to one {@link ActorCallback}, correlated by {@code id}. */
public sealed interface ActorAnswer {
  /** The id of the callback answered. */
  String id();

  /**
   * The answer to an {@link ActorCallback.Invoke}.
   *
   * @param metadata the answer's metadata ({@code content-type} is the body's content type)
   * @param error whether the app marks the answer as an actor error
   */
  record Invoked(String id, byte[] data, Map<String, String> metadata, boolean error) implements ActorAnswer {
    public Invoked {
      metadata = Map.copyOf(metadata);
    }
  }

  /**
   * The answer to an {@link ActorCallback.Reminder} ({@code timer} false) or {@link ActorCallback.Timer}.
   *
   * @param cancel whether the app cancels the reminder or timer
   */
  record Ticked(String id, boolean timer, boolean cancel) implements ActorAnswer {
  }

  /** The answer to an {@link ActorCallback.Deactivate}. */
  record Deactivated(String id) implements ActorAnswer {
  }

  /**
   * The app could not handle the callback.
   *
   * @param code a gRPC status code ({@link #NOT_FOUND}: no such actor method)
   */
  record Failed(String id, int code, String message) implements ActorAnswer {
    /** gRPC's {@code NotFound}. */
    public static final int NOT_FOUND = 5;
  }
}
