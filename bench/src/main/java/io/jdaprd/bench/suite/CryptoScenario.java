package io.jdaprd.bench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code crypto} scenario: throughput (MB/s of plaintext) of {@code PUT /v1.0-alpha1/crypto/keys/encrypt} and
 * {@code .../decrypt} on one sidecar with a {@code crypto.dapr.localstorage} AES-256 key (A256KW, AES-GCM), for
 * 1 MB and 100 MB payloads, one request at a time after a warm-up (20 round trips of 1 MB, one of 100 MB), next to the JDK's raw AES-GCM on the same 64 KiB segments in a
 * JVM with the sidecar's flags ({@link Raw}). The ciphertext of the 100 MB runs goes through a file, not the
 * runner's heap. Results are notes of the report.
 */
final class CryptoScenario {
  private static final int MB = 1_000_000;
  private final Env env;

  CryptoScenario(Env env) {
    this.env = env;
  }

  /** Measures with a sidecar under {@code v}; answers one note per measurement. */
  List<String> run(JvmVariant v, List<String> cache) throws Exception {
    Path dir = Files.createDirectories(env.work.resolve("crypto"));
    Path keys = Files.createDirectories(dir.resolve("keys"));
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.writeString(keys.resolve("key.json"), "{\"kty\":\"oct\",\"k\":\""
        + Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "\"}");
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("keys.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: keys
        spec:
          type: crypto.dapr.localstorage
          version: v1
          metadata:
            - name: path
              value: "%s"
        """.formatted(keys));
    List<String> notes = new ArrayList<>();
    Sidecar s = Sidecar.start(env, "bench-crypto", v, cache, resources, env.logs.resolve("sidecar-crypto.log"),
        List.of("--max-body-size", "256Mi"));
    try {
      s.awaitHealthy(120_000, 20);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://127.0.0.1:" + s.httpPort + "/v1.0-alpha1/crypto/keys/";
      for (int[] run : new int[][] {{1, 30, 20}, {100, 3, 1}}) {
        long size = (long) run[0] * MB;
        Path enc = dir.resolve("payload.enc");
        for (int i = 0; i < run[2]; i++) { // warm-up: the sidecar's JIT, as a long-running sidecar has it
          once(http, base, size, enc);
          decrypt(http, base, enc);
        }
        long encNanos = 0;
        long decNanos = 0;
        for (int i = 0; i < run[1]; i++) {
          long t0 = System.nanoTime();
          once(http, base, size, enc);
          long t1 = System.nanoTime();
          long got = decrypt(http, base, enc);
          long t2 = System.nanoTime();
          if (got != size) {
            throw new IllegalStateException("decrypt answered " + got + " bytes, not " + size);
          }
          encNanos += t1 - t0;
          decNanos += t2 - t1;
        }
        double encRate = size * run[1] / 1e6 / (encNanos / 1e9);
        double decRate = size * run[1] / 1e6 / (decNanos / 1e9);
        double raw = Raw.measure(env, v, size);
        String line = String.format(Locale.ROOT, "crypto %d MB: encrypt %.0f MB/s, decrypt %.0f MB/s (HTTP, one "
            + "request at a time, %d runs); the JDK's raw AES-GCM on the same segments %.0f MB/s", run[0], encRate,
            decRate, run[1], raw);
        Log.line("  %s", line);
        notes.add(line);
      }
    } finally {
      s.shutdown();
    }
    return notes;
  }

  private static void once(HttpClient http, String base, long size, Path enc) throws Exception {
    HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(base + "encrypt"))
        .header("dapr-key-name", "key.json").header("dapr-key-wrap-algorithm", "A256KW")
        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(size))).build(),
        HttpResponse.BodyHandlers.ofFile(enc, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING));
    if (r.statusCode() != 200) {
      throw new IllegalStateException("encrypt answered " + r.statusCode());
    }
  }

  private static long decrypt(HttpClient http, String base, Path enc) throws Exception {
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "decrypt"))
        .PUT(HttpRequest.BodyPublishers.ofFile(enc)).build(), HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() != 200) {
      try (InputStream in = r.body()) {
        throw new IllegalStateException("decrypt answered " + r.statusCode() + ": "
            + new String(in.readNBytes(500), StandardCharsets.UTF_8));
      }
    }
    try (InputStream in = r.body()) {
      return in.transferTo(OutputStream.nullOutputStream());
    }
  }

  /** {@code size} zero bytes, made as they are read. */
  private static final class Zeros extends InputStream {
    private long left;

    Zeros(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      return left-- > 0 ? 0 : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }
  }

  /** The JDK's AES-GCM over 64 KiB segments (a fresh nonce each), in a JVM with the sidecar's flags. */
  static final class Raw {
    private Raw() {
    }

    static double measure(Env env, JvmVariant v, long size) throws IOException, InterruptedException {
      Path log = env.logs.resolve("crypto-raw.log");
      Process p = env.spawn(env.benchJava(v.flags(), Raw.class.getName()), log, Map.of(), null, true);
      p.getOutputStream().write((size + "\n").getBytes(StandardCharsets.US_ASCII));
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      p.waitFor(120, TimeUnit.SECONDS);
      return Double.parseDouble(out);
    }

    /** Reads a size from stdin; prints the MB/s of encrypting it (best of a few runs after a warm-up). */
    public static void main(String[] args) throws Exception {
      long size = Long.parseLong(new String(System.in.readAllBytes(), StandardCharsets.US_ASCII).trim());
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      SecretKeySpec spec = new SecretKeySpec(key, "AES");
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      byte[] buf = new byte[64 * 1024 + 16];
      byte[] nonce = new byte[12];
      double best = 0;
      long runs = Math.max(3, 300L * MB / size);
      for (int round = 0; round < 4; round++) {
        long t0 = System.nanoTime();
        for (long r = 0; r < runs; r++) {
          long segment = 0;
          for (long done = 0; done < size; done += 64 * 1024) {
            int n = (int) Math.min(64 * 1024, size - done);
            nonce[7] = (byte) (segment >>> 24);
            nonce[8] = (byte) (segment >>> 16);
            nonce[9] = (byte) (segment >>> 8);
            nonce[10] = (byte) segment;
            nonce[0] = (byte) round;
            nonce[1] = (byte) r;
            nonce[2] = (byte) (r >>> 8);
            segment++;
            c.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(128, nonce));
            c.doFinal(buf, 0, n, buf, 0);
          }
        }
        double rate = size * runs / 1e6 / ((System.nanoTime() - t0) / 1e9);
        best = Math.max(best, rate);
      }
      System.out.println(String.format(Locale.ROOT, "%.1f", best));
    }
  }
}
