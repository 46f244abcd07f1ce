package io.jdaprd.core.actors;

import io.jdaprd.errors.factories.ActorErrors;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turn-based concurrency of one actor, as daprd's per-actor lock: calls take turns in arrival order (a FIFO of
 * "flights"). With reentrancy on, a call carrying the {@code Dapr-Reentrancy-Id} of a flight already queued or
 * running joins that flight (so a chain A -> B -> A re-enters A) and deepens it; a depth beyond
 * {@code maxStackDepth} is {@code ERR_ACTOR_STACK_DEPTH}. Without reentrancy every call is its own flight.
 * Thread-safe; callers block (virtual threads).
 */
final class TurnLock {
  /** The header (and gRPC metadata key) of the reentrancy chain. */
  static final String REENTRANCY_HEADER = "Dapr-Reentrancy-Id";

  private final boolean reentrant;
  private final int maxStackDepth;
  /** The flights in arrival order, the running one first; null while the actor is idle (most of them are). */
  private Deque<Flight> flights;
  private boolean closed;

  TurnLock(boolean reentrant, int maxStackDepth) {
    this.reentrant = reentrant;
    this.maxStackDepth = maxStackDepth;
  }

  /** One chain of calls holding, or waiting for, the actor. */
  private static final class Flight {
    /** The chain's reentrancy id; null for a call without one, which no other call joins. */
    final String id;
    int depth = 1;
    boolean started;

    Flight(String id) {
      this.id = id;
    }
  }

  /** A held turn: release it exactly once. */
  interface Turn extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Waits for this call's turn.
   *
   * @param reentrancyId the call's {@code Dapr-Reentrancy-Id}, {@code null} when it has none
   * @throws ClosedException when the actor is being deactivated
   */
  Turn acquire(String reentrancyId) throws InterruptedException, ClosedException {
    Flight flight;
    synchronized (this) {
      if (closed) {
        throw new ClosedException();
      }
      flight = null;
      if (flights == null) {
        flights = new ArrayDeque<>(2);
      }
      if (reentrant && reentrancyId != null) {
        for (Flight f : flights) {
          if (reentrancyId.equals(f.id)) {
            flight = f;
            break;
          }
        }
      }
      if (flight != null) {
        if (flight.depth + 1 > maxStackDepth) {
          throw ActorErrors.stackDepth();
        }
        flight.depth++;
      } else {
        flight = new Flight(reentrancyId);
        flights.addLast(flight);
      }
      if (flights.peekFirst() == flight) {
        flight.started = true;
      }
      while (!flight.started) {
        try {
          wait();
        } catch (InterruptedException e) {
          release(flight);
          throw e;
        }
        if (closed && !flight.started) {
          release(flight);
          throw new ClosedException();
        }
      }
    }
    Flight held = flight;
    return () -> {
      synchronized (TurnLock.this) {
        release(held);
      }
    };
  }

  private void release(Flight flight) {
    flight.depth--;
    if (flight.depth == 0) {
      flights.remove(flight);
      Flight next = flights.peekFirst();
      if (next == null) {
        flights = null;
      } else {
        next.started = true;
      }
      notifyAll();
    }
  }

  /** Whether a call holds or waits for the actor. */
  synchronized boolean busy() {
    return flights != null;
  }

  /** Refuses new calls and wakes the waiting ones, which fail; running calls finish. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  /** The actor was deactivated while the call waited. */
  static final class ClosedException extends Exception {
    private static final long serialVersionUID = 1L;

    ClosedException() {
      super("actor is closed", null, false, false);
    }
  }
}
