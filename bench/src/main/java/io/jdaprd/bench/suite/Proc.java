package io.jdaprd.bench.suite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the runner reads about a process and a port: CPU time and resident memory from {@code /proc/<pid>}, free
 * ports, and one-shot HTTP/1.1 requests on a fresh socket (cheap enough to poll a starting sidecar every few ms).
 */
final class Proc {
  private static final long TICKS_PER_SECOND = clockTicks();

  private Proc() {
  }

  /** User plus system CPU time of the process, in seconds (all its threads), or -1 when it is gone. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12 here
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * CPU seconds per live JIT compiler thread of the process (threads named {@code C1/C2 CompilerThread*}), by thread
   * id. Compiler threads come and go, so a difference of two readings is a lower bound of the JIT's CPU time.
   */
  static Map<String, Double> jitCpuSeconds(long pid) {
    Map<String, Double> out = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : tasks.toList()) {
        try {
          if (Files.readString(t.resolve("comm")).matches("C[12] Compiler.*\\s*")) {
            String stat = Files.readString(t.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            out.put(t.getFileName().toString(),
                (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS_PER_SECOND);
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended between listing and reading
        }
      }
    } catch (IOException | RuntimeException e) {
      return out;
    }
    return out;
  }

  /** The JIT CPU seconds spent between two {@link #jitCpuSeconds} readings (threads new in the second: all). */
  static double jitDelta(Map<String, Double> before, Map<String, Double> after) {
    double sum = 0;
    for (Map.Entry<String, Double> e : after.entrySet()) {
      sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0.0));
    }
    return sum;
  }

  /** {@code VmRSS} (resident now) of the process in MiB, or -1. */
  static double rssMib(long pid) {
    return statusKib(pid, "VmRSS:") / 1024.0;
  }

  /** {@code VmHWM} (peak resident since start or since {@link #resetPeak}) in MiB, or -1. */
  static double peakRssMib(long pid) {
    return statusKib(pid, "VmHWM:") / 1024.0;
  }

  /** Resets the process's peak RSS ({@code echo 5 > /proc/pid/clear_refs}); false where that is not allowed. */
  static boolean resetPeak(long pid) {
    try {
      Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static long statusKib(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1024;
    }
    return -1024;
  }

  /** A port that was free a moment ago on the loopback address. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port: " + e.getMessage(), e);
    }
  }

  /**
   * {@code n} distinct ports that were free a moment ago on the loopback address: each is held until all are picked,
   * so two picks in a row cannot answer the same port (two separate {@link #freePort} calls sometimes do).
   */
  static int[] freePorts(int n) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        held.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new IllegalStateException("no free port: " + e.getMessage(), e);
    } finally {
      for (ServerSocket s : held) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing a listening socket we opened
        }
      }
    }
  }

  /** True when something accepts connections on the loopback port. */
  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The status code of one HTTP/1.1 request on a new connection, or -1 when nothing answered. */
  static int status(int port, String method, String path) {
    return request(port, method, path).status();
  }

  /**
   * One HTTP/1.1 request on a new connection; status -1 when nothing answered. Reads the head and then exactly
   * {@code Content-Length} bytes rather than waiting for the server to close (Armeria keeps a connection open for
   * a while after answering even a {@code Connection: close} request).
   */
  static Answer request(int port, String method, String path) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        head.write(b);
        int n = head.size();
        byte[] h = head.toByteArray();
        if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
          break;
        }
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      if (!text.startsWith("HTTP/1.")) {
        return new Answer(-1, "");
      }
      int status = Integer.parseInt(text.substring(9, 12));
      int length = 0;
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      return new Answer(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return new Answer(-1, "");
    }
  }

  /** An HTTP answer: status and body. */
  record Answer(int status, String body) {
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
