package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * Security review (issue #15): after a sidecar has been given an API token, an app token, component files holding a
 * password and a connection string with one, and has served a secret and a call with a wrong token, none of those
 * values is in its log (at debug level), its metrics, its metadata answer, or anything its profiling port hands out
 * (the thread dump, and every event of a Flight Recorder recording, which by default would carry the environment).
 */
class SecretsExposureTest {
  private static final String API_TOKEN = "api-tok-7f3a9c";
  private static final String APP_TOKEN = "app-tok-51be02";
  private static final String WRONG_TOKEN = "wrong-tok-c0ffee";
  private static final String SECRET_VALUE = "secret-val-9d8e7f";
  private static final String PG_PASSWORD = "pg-pass-4a4a4a";
  private static final String REDIS_PASSWORD = "redis-pass-6b6b6b";
  private static final List<String> SECRETS = List.of(API_TOKEN, APP_TOKEN, WRONG_TOKEN, SECRET_VALUE, PG_PASSWORD,
      REDIS_PASSWORD);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void noSecretReachesTheLogTheMetricsOrTheProfilingPort() throws Exception {
    Path resources = Files.createTempDirectory(Locations.targetDir(), "secrets-resources");
    Files.writeString(resources.resolve("secrets.json"), "{\"dbpass\":\"" + SECRET_VALUE + "\"}");
    int closed = freePort();
    Files.writeString(resources.resolve("components.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: vault
        spec:
          type: secretstores.local.file
          version: v1
          metadata:
          - name: secretsFile
            value: "%s"
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: pgstore
        spec:
          type: state.postgresql
          version: v1
          ignoreErrors: true
          metadata:
          - name: connectionString
            value: "host=127.0.0.1 port=%d user=soak password=%s dbname=soak connect_timeout=2"
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: redisstore
        spec:
          type: state.redis
          version: v1
          ignoreErrors: true
          metadata:
          - name: redisHost
            value: "127.0.0.1:%d"
          - name: redisPassword
            value: "%s"
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: statestore
        spec:
          type: state.in-memory
          version: v1
        """.formatted(resources.resolve("secrets.json").toString().replace("\\", "/"), closed, PG_PASSWORD, closed,
        REDIS_PASSWORD));
    int profilePort = freePort();
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-secrets").resources(resources)
        .args("--log-level", "debug", "--enable-profiling", "--profile-port", Integer.toString(profilePort),
            "--enable-api-logging")
        .env("DAPR_API_TOKEN", API_TOKEN).env("APP_API_TOKEN", APP_TOKEN).start()) {
      Http http = new Http(sidecar);
      assertThat(http.get("/v1.0/secrets/vault/dbpass", "dapr-api-token", API_TOKEN).body()).contains(SECRET_VALUE);
      assertThat(http.post("/v1.0/state/statestore", "[{\"key\":\"k\",\"value\":\"v\"}]", "dapr-api-token",
          API_TOKEN).statusCode()).isEqualTo(204);
      assertThat(http.get("/v1.0/state/statestore/k", "dapr-api-token", WRONG_TOKEN).statusCode()).isEqualTo(401);

      Map<String, String> exposed = new LinkedHashMap<>();
      exposed.put("metrics", get("http://127.0.0.1:" + sidecar.metricsPort() + "/metrics"));
      exposed.put("metadata", http.get("/v1.0/metadata", "dapr-api-token", API_TOKEN).body());
      String base = "http://127.0.0.1:" + profilePort;
      exposed.put("profiling index", get(base + "/debug/"));
      exposed.put("thread dump", get(base + "/debug/threads"));
      exposed.put("flight recording", recordingText(base + "/debug/jfr/profile?seconds=1"));
      exposed.put("log", sidecar.logText());

      assertThat(exposed.get("metrics")).contains("dapr_");
      // An event of every recording: an idle sidecar may give a one-second profile no execution sample at all.
      assertThat(exposed.get("flight recording")).contains("jdk.JVMInformation");
      assertThat(exposed.get("log")).contains("pgstore").contains("redisstore");
      exposed.forEach((where, text) -> {
        for (String secret : SECRETS) {
          assertThat(text).as(where + " holds " + secret).doesNotContain(secret);
        }
      });
    }
  }

  /** Every event of the recording at {@code url}, as text (each event's fields with their values). */
  private static String recordingText(String url) throws Exception {
    HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    Path file = Files.createTempFile(Locations.targetDir(), "profile", ".jfr");
    try {
      Files.write(file, r.body());
      StringBuilder text = new StringBuilder();
      for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
        text.append(e).append('\n');
      }
      return text.toString();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return r.body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
