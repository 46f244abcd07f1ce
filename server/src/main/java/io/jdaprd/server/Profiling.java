package io.jdaprd.server;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The profiling server of {@code --enable-profiling}, on {@code --profile-port} (daprd's default 7777) of the API
 * listen addresses. Where daprd serves Go's pprof, jdaprd serves the JVM's own tools:
 * <ul>
 *   <li>{@code GET /debug/jfr/profile?seconds=N} records N seconds (1 to 300, default 30, as pprof's CPU profile) with
 *       Java Flight Recorder's {@code profile} settings less the {@link #PRIVATE_EVENTS} (no environment, hence no
 *       token) and answers the {@code .jfr} file (open it with JDK Mission Control or {@code jfr print}); one
 *       recording at a time, a second request meanwhile is 409;</li>
 *   <li>{@code GET /debug/threads}: every thread's stack, as text (pprof's {@code goroutine?debug=2});</li>
 *   <li>{@code GET /debug/}: this list.</li>
 * </ul>
 */
final class Profiling {
  static final int MAX_SECONDS = 300;
  /**
   * Events of the {@code profile} settings left out of every recording, because they carry what the profiling port
   * must not hand out: the environment ({@code DAPR_API_TOKEN}, {@code APP_API_TOKEN}, {@code DAPR_CERT_KEY}), the
   * system properties, and the command lines of every process of the machine.
   */
  static final List<String> PRIVATE_EVENTS = List.of("jdk.InitialEnvironmentVariable", "jdk.InitialSystemProperty",
      "jdk.SystemProcess");
  private static final AtomicBoolean RECORDING = new AtomicBoolean();

  private Profiling() {
  }

  /** Adds the routes to {@code sb}. */
  static void addTo(ServerBuilder sb) {
    sb.service("/debug/jfr/profile", (ctx, req) -> profile(ctx));
    sb.service("/debug/threads", (ctx, req) -> HttpResponse.of(MediaType.PLAIN_TEXT_UTF_8, threads()));
    sb.service("/debug/", (ctx, req) -> HttpResponse.of(MediaType.PLAIN_TEXT_UTF_8, """
        jdaprd profiling
        /debug/jfr/profile?seconds=30  a Java Flight Recorder recording (.jfr) of that many seconds (1 to 300)
        /debug/threads                 every thread's stack
        """));
  }

  private static HttpResponse profile(ServiceRequestContext ctx) {
    String text = ctx.queryParam("seconds");
    int seconds;
    try {
      seconds = text == null ? 30 : Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 1 || seconds > MAX_SECONDS) {
      return HttpResponse.of(HttpStatus.BAD_REQUEST, MediaType.PLAIN_TEXT_UTF_8,
          "seconds: %s (expected: 1 to %d)%n", text, MAX_SECONDS);
    }
    if (!RECORDING.compareAndSet(false, true)) {
      return HttpResponse.of(HttpStatus.CONFLICT, MediaType.PLAIN_TEXT_UTF_8, "a recording is running%n");
    }
    ctx.clearRequestTimeout();
    Duration length = Duration.ofSeconds(seconds);
    CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
    Executors.newVirtualThreadPerTaskExecutor().execute(() -> {
      try {
        answer.complete(record(length));
      } catch (Exception e) {
        answer.complete(HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR, MediaType.PLAIN_TEXT_UTF_8,
            "recording failed: %s%n", e.getMessage()));
      } finally {
        RECORDING.set(false);
      }
    });
    return HttpResponse.of(answer);
  }

  private static HttpResponse record(Duration length) throws Exception {
    Path file = Files.createTempFile("jdaprd-", ".jfr");
    try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
      recording.setName("jdaprd profile");
      PRIVATE_EVENTS.forEach(recording::disable);
      recording.start();
      TimeUnit.MILLISECONDS.sleep(length.toMillis());
      recording.stop();
      recording.dump(file);
      byte[] data = Files.readAllBytes(file);
      return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.OCTET_STREAM)
          .add("content-disposition", "attachment; filename=\"jdaprd.jfr\"").build(), HttpData.wrap(data));
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a temporary file left behind
      }
    }
  }

  static String threads() {
    StringBuilder out = new StringBuilder();
    for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false, Integer.MAX_VALUE)) {
      out.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState()).append('\n');
      for (StackTraceElement e : t.getStackTrace()) {
        out.append("\tat ").append(e).append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }
}
