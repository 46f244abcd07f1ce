package io.jdaprd.bench.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the soak reads about the sidecar process: {@code /proc/<pid>} and, for the heap, {@code jcmd}. */
final class ProcStats {
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private ProcStats() {
  }

  /** {@code VmRSS} in MiB, or -1. */
  static double rssMib(long pid) {
    return status(pid, "VmRSS:") / 1024.0;
  }

  /** The number of threads, or -1. */
  static long threads(long pid) {
    return status(pid, "Threads:");
  }

  /** The number of open file descriptors (sockets included), or -1. */
  static long fds(long pid) {
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return s.count();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long status(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /**
   * The used Java heap in MiB right after a full collection ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}),
   * or -1 when {@code jcmd} could not tell.
   */
  static double heapAfterGcMib(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      run(jcmd, pid, "GC.run");
      Matcher m = HEAP_USED.matcher(run(jcmd, pid, "GC.heap_info"));
      long kib = 0;
      boolean found = false;
      while (m.find()) {
        kib += Long.parseLong(m.group(1));
        found = true;
      }
      return found ? kib / 1024.0 : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String run(Path jcmd, long pid, String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command)).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return out;
  }
}
