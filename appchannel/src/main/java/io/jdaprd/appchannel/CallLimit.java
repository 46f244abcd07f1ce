package io.jdaprd.appchannel;

import java.util.concurrent.Semaphore;

/**
 * {@code --app-max-concurrency}: a fair bound on the calls into the app that are under way at once, shared by every
 * kind of call of one channel. Without a limit it admits everything.
 */
final class CallLimit {
  private final Semaphore permits;

  CallLimit(int maxConcurrency) {
    this.permits = maxConcurrency > 0 ? new Semaphore(maxConcurrency, true) : null;
  }

  /** Waits for a slot; every successful call must be paired with {@link #release()}. */
  void acquire() throws InterruptedException {
    if (permits != null) {
      permits.acquire();
    }
  }

  void release() {
    if (permits != null) {
      permits.release();
    }
  }
}
