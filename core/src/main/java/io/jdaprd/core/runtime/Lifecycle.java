package io.jdaprd.core.runtime;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Shutdown requested through the API ({@code POST /v1.0/shutdown}, gRPC {@code Shutdown}): the request returns at
 * once and the shutdown runs on its own thread, once.
 */
public final class Lifecycle {
  private final Runnable shutdown;
  private final AtomicBoolean requested = new AtomicBoolean();

  /** @param shutdown what a shutdown does: drain and stop the servers, close components */
  public Lifecycle(Runnable shutdown) {
    this.shutdown = shutdown;
  }

  /** Starts a graceful shutdown in the background; later calls do nothing. */
  public void requestShutdown() {
    if (requested.compareAndSet(false, true)) {
      Thread.ofPlatform().name("jdaprd-shutdown").daemon(false).start(shutdown);
    }
  }

  /** Whether a shutdown was requested. */
  public boolean shutdownRequested() {
    return requested.get();
  }
}
