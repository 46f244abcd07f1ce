package io.jdaprd.bench.load;

import java.util.concurrent.CompletableFuture;

/** Sends one kind of request on one connection; a lane calls {@link #send()} again only once it was answered. */
interface Requester extends AutoCloseable {

  /**
   * Sends the request; completes with the answer's code (HTTP status, gRPC status code, 0 for a Redis reply), or
   * exceptionally when the transport failed.
   */
  CompletableFuture<Integer> send();

  @Override
  void close();
}
