package io.jdaprd.appchannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Waits for the app's port to accept TCP connections, as daprd does before it first calls the app. */
final class AppPort {
  private static final long POLL_INTERVAL_MILLIS = 50;
  private static final int MAX_CONNECT_MILLIS = 500;

  private AppPort() {
  }

  /**
   * Tries to connect until a connection succeeds or {@code timeout} has passed; never connects after the deadline.
   *
   * @return whether a connection succeeded
   */
  static boolean awaitOpen(String address, int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      int connectMillis = (int) Math.max(1, Math.min(MAX_CONNECT_MILLIS, left / 1_000_000));
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address, port), connectMillis);
        return true;
      } catch (IOException notYet) {
        long wait = Math.min(POLL_INTERVAL_MILLIS, (deadline - System.nanoTime()) / 1_000_000);
        if (wait > 0) {
          Thread.sleep(wait);
        }
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for the app on " + address + ":" + port);
      }
    }
  }
}
