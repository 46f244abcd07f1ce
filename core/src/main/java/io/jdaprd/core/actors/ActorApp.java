package io.jdaprd.core.actors;

import java.util.List;
import java.util.Map;

/**
 * The app's side of actors: its configuration and the four callbacks daprd makes. Implementations block.
 */
public interface ActorApp {

  /**
   * {@code GET /dapr/config}; {@link ActorsConfig#NONE} when the app answers anything but 200.
   *
   * @throws ActorCallException when the app cannot be asked or its answer does not parse
   */
  ActorsConfig config() throws ActorCallException;

  /**
   * Calls an actor method ({@code PUT /actors/{type}/{id}/method/{method}}, whatever the caller's verb), a reminder
   * ({@code method} = {@code remind/<name>}) or a timer ({@code timer/<name>}).
   *
   * @return the app's 200 answer, or an answer carrying {@code X-Daprerrorresponseheader} (an actor error the
   *     caller gets as is: see {@link Reply#actorError()})
   * @throws ActorCallException when the app cannot be reached or answers another status, worded as daprd words it
   */
  Reply invoke(String actorType, String actorId, String method, Request request) throws ActorCallException;

  /**
   * {@code DELETE /actors/{type}/{id}}.
   *
   * @throws ActorCallException when the app cannot be reached or answers anything but 200
   */
  void deactivate(String actorType, String actorId) throws ActorCallException;

  /**
   * What is sent to the actor.
   *
   * @param headers the caller's headers (HTTP) or metadata (gRPC)
   * @param query the raw query string, empty for none
   * @param contentType the body's content type, empty for none
   * @param body the body
   */
  record Request(Map<String, List<String>> headers, String query, String contentType, byte[] body) {
    public Request {
      headers = Map.copyOf(headers);
      query = query == null ? "" : query;
      contentType = contentType == null ? "" : contentType;
    }
  }

  /**
   * What the actor answered.
   *
   * @param status the HTTP status
   * @param headers its headers
   * @param contentType the body's content type
   * @param body the body
   */
  record Reply(int status, Map<String, List<String>> headers, String contentType, byte[] body) {
    /** The header by which an app marks its answer as an actor error. */
    public static final String ERROR_HEADER = "X-Daprerrorresponseheader";
    /** The header by which an app cancels the reminder or timer being delivered. */
    public static final String CANCEL_HEADER = "X-Daprremindercancel";

    public Reply {
      headers = Map.copyOf(headers);
      contentType = contentType == null ? "" : contentType;
    }

    /** Whether the app marked this answer as an actor error. */
    public boolean actorError() {
      return header(ERROR_HEADER) != null;
    }

    /** Whether the app asked to cancel the reminder or timer (a truthy {@code X-Daprremindercancel}). */
    public boolean cancelsReminder() {
      String v = header(CANCEL_HEADER);
      return v != null && List.of("1", "true", "t", "yes", "y", "on").contains(v.trim().toLowerCase());
    }

    private String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().isEmpty() ? "" : e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** A callback failed; the message is daprd's text of the failure. */
  final class ActorCallException extends Exception {
    private static final long serialVersionUID = 1L;

    public ActorCallException(String message) {
      super(message, null, false, false);
    }
  }
}
