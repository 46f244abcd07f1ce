package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The heap stays flat however large the body: a 256 MiB body goes through two sidecars, each a JVM limited to
 * {@code -Xmx256m} (direct memory follows the heap limit), to an app that counts it. A sidecar that held the whole
 * body, or a good part of it at once, would run out of memory; the call succeeding with the right count shows
 * that the body streams in chunks through both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeHeapTest {
  private static final long SIZE = 256L << 20;

  private InvokeApp app;
  private SidecarProcess target;
  private SidecarProcess caller;

  @BeforeAll
  void start() throws Exception {
    Path names = Locations.newDirectory("invoke-heap-names").resolve("names.db");
    app = new InvokeApp();
    target = SidecarProcess.withAppId("it-heap-b").names(names).jvmOptions("-Xmx256m")
        .args("--app-port", String.valueOf(app.port()), "--max-body-size", "512Mi").start();
    caller = SidecarProcess.withAppId("it-heap-a").names(names).jvmOptions("-Xmx256m")
        .args("--max-body-size", "512Mi").start();
  }

  @AfterAll
  void stop() {
    if (caller != null) {
      caller.close();
    }
    if (target != null) {
      target.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void a256MiBBodyStreamsThroughTwoSidecarsOf256MiBHeapEach() throws Exception {
    for (SidecarProcess s : new SidecarProcess[] {caller, target}) {
      assertThat(s.commandLine()).as("the last -Xmx is the one that counts").filteredOn(a -> a.startsWith("-Xmx"))
          .last().isEqualTo("-Xmx256m");
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long started = System.nanoTime();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(caller.httpBase()
        + "/v1.0/invoke/it-heap-b/method/count")).timeout(Duration.ofSeconds(55))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedBody(SIZE))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Long.toString(SIZE));
    System.out.printf("InvokeHeapTest: %d MiB through two sidecars in %d ms%n", SIZE >> 20,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    for (SidecarProcess s : new SidecarProcess[] {caller, target}) {
      assertThat(s.isAlive()).isTrue();
      assertThat(s.logText()).doesNotContain("OutOfMemoryError").doesNotContain("OutOfDirectMemoryError");
    }
  }
}
