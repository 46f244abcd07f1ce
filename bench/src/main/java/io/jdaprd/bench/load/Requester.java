package io.jdaprd.bench.load;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one kind of request on one connection; a lane calls {@link #send(long)} again only once it was answered.
 */
interface Requester extends AutoCloseable {

  /**
   * Sends the request; completes with the answer's code (HTTP status, gRPC status code, 0 for a Redis reply), or
   * exceptionally when the transport failed.
   */
  CompletableFuture<Integer> send();

  /**
   * Sends the request that was due at {@code dueNs} ({@link System#nanoTime()}); the same as {@link #send()} unless
   * the request carries its due time (a publish does, so that its delivery can be timed from it).
   */
  default CompletableFuture<Integer> send(long dueNs) {
    return send();
  }

  @Override
  void close();
}
