package io.jdaprd.core.actors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The progress of each reminder, as daprd's state-store reminders kept it (up to 1.14): under the reminder's key
 * {@code <type>||<id>||<name>}, {@code {"lastFiredTime":"<RFC 3339>","repetitionLeft":n}}: the due time of the last
 * tick delivered and the repetitions left after it ({@code -1}: no limit). Written after every delivery, conditional
 * on the ETag it was read with, so that two sidecars never both record a tick.
 */
final class ReminderTracks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StateStore store;
  private final boolean etags;

  ReminderTracks(StateStore store) {
    this.store = store;
    this.etags = store.features().contains(StateFeature.ETAG);
  }

  /**
   * A track as read.
   *
   * @param lastFired the due time of the last tick delivered, {@code null} when none was
   * @param left the repetitions left after it
   * @param etag the ETag read, {@code null} when there is no track (or the store has no ETags)
   */
  record Track(Instant lastFired, int left, String etag) {
    static final Track NONE = new Track(null, -1, null);
  }

  /** The track of {@code key}; {@link Track#NONE} when there is none. */
  Track read(String key) throws ActorReminders.StoreException {
    try {
      Optional<StoredValue> v = store.get(new GetRequest(key, Map.of(), null));
      if (v.isEmpty() || v.get().data() == null || v.get().data().length == 0) {
        return Track.NONE;
      }
      JsonNode n = JSON.readTree(v.get().data());
      String last = n.path("lastFiredTime").asText("");
      return new Track(last.isEmpty() ? null : Instant.parse(last), n.path("repetitionLeft").asInt(-1),
          v.get().etag());
    } catch (StateException | IOException | DateTimeParseException e) {
      throw new ActorReminders.StoreException("the track of reminder " + key + " could not be read: "
          + e.getMessage());
    }
  }

  /**
   * Records the tick due at {@code fired} over {@code read}; {@code false} when the track changed since it was read
   * (another sidecar delivered a tick).
   */
  boolean write(String key, Track read, Instant fired, int left) throws ActorReminders.StoreException {
    byte[] body = ("{\"lastFiredTime\":\"" + fired + "\",\"repetitionLeft\":" + left + "}")
        .getBytes(StandardCharsets.UTF_8);
    try {
      store.set(new SetRequest(key, body, etags ? read.etag() : null, Map.of(),
          etags ? Concurrency.FIRST_WRITE : Concurrency.LAST_WRITE, null));
      return true;
    } catch (EtagMismatchException e) {
      return false;
    } catch (StateException e) {
      throw new ActorReminders.StoreException(e.getMessage());
    }
  }

  /** Deletes the track of {@code key}; none is not an error. */
  void delete(String key) throws ActorReminders.StoreException {
    try {
      store.delete(new DeleteRequest(key, null, Map.of(), null, null));
    } catch (StateException e) {
      throw new ActorReminders.StoreException(e.getMessage());
    }
  }
}
