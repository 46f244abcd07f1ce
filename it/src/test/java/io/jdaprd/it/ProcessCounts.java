package io.jdaprd.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What a process holds, read from {@code /proc}: its threads ({@code /proc/<pid>/task}, every platform thread of a
 * JVM; virtual threads run on the carrier threads counted there), its open file descriptors and, among them, its
 * sockets ({@code /proc/<pid>/fd} links to {@code socket:[inode]}), plus the connections to each backend as the
 * test's proxies count them.
 *
 * @param threads the process's threads
 * @param descriptors its open file descriptors
 * @param sockets the descriptors that are sockets
 * @param backendConnections the connections open to each backend, by backend name
 */
record ProcessCounts(int threads, int descriptors, int sockets, Map<String, Integer> backendConnections) {

  /** The counts of process {@code pid} now. */
  static ProcessCounts of(long pid, Map<String, Integer> backendConnections) {
    Path proc = Path.of("/proc", Long.toString(pid));
    int threads = count(proc.resolve("task"), p -> true);
    int descriptors = count(proc.resolve("fd"), p -> true);
    int sockets = count(proc.resolve("fd"), ProcessCounts::isSocket);
    return new ProcessCounts(threads, descriptors, sockets, Map.copyOf(backendConnections));
  }

  /**
   * The counts of {@code pid} once its threads and sockets are back within {@code threadMargin} and {@code
   * socketMargin} of {@code before} (pools shrink, closed connections linger a moment), or as they are after
   * {@code longest}.
   */
  static ProcessCounts settle(long pid, Supplier<Map<String, Integer>> backendConnections, ProcessCounts before,
      int threadMargin, int socketMargin, Duration longest) {
    long deadline = System.nanoTime() + longest.toNanos();
    while (true) {
      ProcessCounts now = of(pid, backendConnections.get());
      boolean settled = now.threads <= before.threads + threadMargin && now.sockets <= before.sockets + socketMargin
          && now.backendConnections.entrySet().stream()
              .allMatch(e -> e.getValue() <= before.backendConnections.getOrDefault(e.getKey(), 0) + 1);
      if (settled || System.nanoTime() > deadline) {
        return now;
      }
      CountingApp.pause(200);
    }
  }

  private static int count(Path dir, Predicate<Path> which) {
    try (Stream<Path> entries = Files.list(dir)) {
      return (int) entries.filter(which).count();
    } catch (IOException e) {
      throw new AssertionError("cannot list " + dir + " (is the process alive?)", e);
    }
  }

  private static boolean isSocket(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString().startsWith("socket:");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return threads + " threads, " + descriptors + " file descriptors of which " + sockets
        + " sockets, backend connections " + backendConnections;
  }
}
