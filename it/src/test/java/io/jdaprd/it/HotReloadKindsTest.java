package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.dapr.v1.DaprBindingsProtos.InvokeBindingRequest;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprSecretProtos.GetSecretRequest;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Hot reload of the kinds beyond state and pub/sub through a whole sidecar: an output binding
 * ({@code bindings.localstorage}) under a small write load, an input binding ({@code bindings.cron} ticking into the
 * app), a secret store ({@code secretstores.local.file}) and an HTTP middleware of the app pipeline
 * ({@code middleware.http.uppercase}) are added, changed and removed while the sidecar runs (lock and configuration
 * stores, which need a server, are reloaded in {@link HotReloadTest}, next to its redis pub/sub). Each change is checked
 * through the HTTP API (secrets and bindings through gRPC too); once removed, each answers byte for byte as before it
 * was added; and every binding write the sidecar acknowledged is on disk.
 */
@SuppressWarnings("deprecation")
class HotReloadKindsTest {
  private static final Duration VISIBLE = Duration.ofSeconds(5);

  private Path dir;

  private void write(String file, String text) throws IOException {
    Path tmp = dir.resolve(file + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String component(String name, String type, String... metadata) {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < metadata.length; i += 2) {
      items.append("\n    - name: ").append(metadata[i]).append("\n      value: \"").append(metadata[i + 1])
          .append('"');
    }
    return "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name + "\nspec:\n  type: " + type
        + "\n  version: v1\n  metadata:" + (items.isEmpty() ? " []" : items) + "\n";
  }

  private static void within(String what, BooleanSupplier check) {
    assertThat(CountingApp.waitFor(check, VISIBLE)).as(what + " within " + VISIBLE.toMillis() + " ms").isTrue();
  }

  /** Polls {@code get} until {@code ok} holds of its answer, failing with the last answer after {@link #VISIBLE}. */
  private static void expect(String what, java.util.function.Supplier<String> get,
      java.util.function.Predicate<String> ok) {
    String[] last = {null};
    boolean met = CountingApp.waitFor(() -> ok.test(last[0] = get.get()), VISIBLE);
    assertThat(met).as(what + " within " + VISIBLE.toMillis() + " ms; last answer: " + last[0]).isTrue();
  }

  private static String answer(HttpResponse<String> r) {
    return r.statusCode() + " " + r.body();
  }

  private static String grpcSecret(DaprGrpc.DaprBlockingStub dapr) {
    try {
      return dapr.getSecret(GetSecretRequest.newBuilder().setStoreName("vault").setKey("k").build()).getDataMap()
          .get("k");
    } catch (io.grpc.StatusRuntimeException e) {
      return e.getStatus().getCode() + " " + e.getStatus().getDescription();
    }
  }

  private static String grpcBinding(DaprGrpc.DaprBlockingStub dapr) {
    try {
      return dapr.invokeBinding(InvokeBindingRequest.newBuilder().setName("files").setOperation("create")
          .setData(ByteString.copyFromUtf8("g")).putMetadata("fileName", "grpc").build()).getData().toStringUtf8();
    } catch (io.grpc.StatusRuntimeException e) {
      return e.getStatus().getCode() + " " + e.getStatus().getDescription();
    }
  }

  @Test
  void everyKindIsAddedChangedAndRemovedWhileRunning() throws Exception {
    dir = Locations.newDirectory("hot-reload-kinds");
    Path data = Locations.newDirectory("hot-reload-kinds-data");
    Path filesA = Files.createDirectories(data.resolve("a"));
    Path filesB = Files.createDirectories(data.resolve("b"));
    Files.writeString(data.resolve("s1.json"), "{\"k\":\"one\"}");
    Files.writeString(data.resolve("s2.json"), "{\"k\":\"two\"}");
    Path config = data.resolve("config.yaml");
    Files.writeString(config, """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: kinds
        spec:
          nameResolution:
            component: sqlite
            configuration:
              connectionString: "%s"
          appHttpPipeline:
            handlers:
            - name: upper
              type: middleware.http.uppercase
        """.formatted(data.resolve("names.db").toString().replace("\\", "/")));
    try (TestApp app = new TestApp(null)) {
      try (SidecarProcess sidecar = SidecarProcess.withAppId("it-hot-reload-kinds").resources(dir)
          .args("--config", config.toString(), "--app-port", String.valueOf(app.port())).start()) {
        Http http = new Http(sidecar);
        ManagedChannel channel = GrpcFailure.channel(sidecar);
        DaprGrpc.DaprBlockingStub dapr = GrpcFailure.stub(channel);
        try {
          String create = "{\"operation\":\"create\",\"data\":\"x\",\"metadata\":{\"fileName\":\"x\"}}";
          Map<String, String> before = Map.of(
              "binding", answer(http.post("/v1.0/bindings/files", create)),
              "secret", answer(http.get("/v1.0/secrets/vault/k")),
              "grpc secret", grpcSecret(dapr),
              "grpc binding", grpcBinding(dapr));
          assertThat(before.get("binding")).contains("ERR_INVOKE_OUTPUT_BINDING");
          http.post("/v1.0/invoke/it-hot-reload-kinds/method/echo", "abc");
          assertThat(app.requests("/echo").get(0).body()).as("no middleware yet").isEqualTo("abc");

          // Added
          write("files.yaml", component("files", "bindings.localstorage", "rootPath", filesA.toString()));
          write("vault.yaml", component("vault", "secretstores.local.file", "secretsFile",
              data.resolve("s1.json").toString()));
          write("upper.yaml", component("upper", "middleware.http.uppercase"));
          write("tick.yaml", component("tick", "bindings.cron", "schedule", "@every 1s", "route", "/tick"));
          expect("the added binding writes", () -> answer(http.post("/v1.0/bindings/files", create)),
              a -> a.startsWith("200 "));
          expect("the added secret store answers", () -> answer(http.get("/v1.0/secrets/vault/k")),
              a -> a.strip().equals("200 {\"k\":\"one\"}"));
          assertThat(grpcSecret(dapr)).isEqualTo("one");
          within("the added middleware runs", () -> {
            http.post("/v1.0/invoke/it-hot-reload-kinds/method/echo", "abc");
            return app.requests("/echo").getLast().body().equals("ABC");
          });
          assertThat(app.await("/tick", 2, Duration.ofSeconds(5))).as("the added input binding ticks into the app")
              .hasSizeGreaterThanOrEqualTo(2);
          String metadata = http.get("/v1.0/metadata").body();
          assertThat(metadata).contains("\"name\":\"tick\"").contains("\"INPUT_BINDING\"")
              .contains("\"name\":\"files\"").contains("\"name\":\"vault\"").contains("\"name\":\"upper\"");

          // Changed, with the output binding under load
          AtomicBoolean running = new AtomicBoolean(true);
          Map<String, String> written = new ConcurrentHashMap<>();
          List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
          Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; running.get(); i++) {
              HttpResponse<String> r = http.post("/v1.0/bindings/files", "{\"operation\":\"create\",\"data\":\"v"
                  + i + "\",\"metadata\":{\"fileName\":\"w" + i + "\"}}");
              if (r.statusCode() == 200) {
                written.put("w" + i, "v" + i);
              } else {
                refused.add(answer(r));
              }
              CountingApp.pause(3);
            }
          });
          CountingApp.pause(300);
          write("files.yaml", component("files", "bindings.localstorage", "rootPath", filesB.toString()));
          write("vault.yaml", component("vault", "secretstores.local.file", "secretsFile",
              data.resolve("s2.json").toString()));
          within("the changed binding writes to its new folder", () -> written.keySet().stream()
              .anyMatch(k -> Files.exists(filesB.resolve(k))));
          expect("the changed secret store answers", () -> answer(http.get("/v1.0/secrets/vault/k")),
              a -> a.strip().equals("200 {\"k\":\"two\"}"));
          assertThat(grpcSecret(dapr)).isEqualTo("two");
          CountingApp.pause(300);
          running.set(false);
          writer.join();
          assertThat(refused).as("no binding write refused across the swap").isEmpty();
          List<String> lost = new ArrayList<>();
          written.forEach((file, value) -> {
            try {
              Path in = Files.exists(filesB.resolve(file)) ? filesB.resolve(file) : filesA.resolve(file);
              if (!Files.exists(in) || !Files.readString(in).equals(value)) {
                lost.add(file);
              }
            } catch (IOException e) {
              lost.add(file + " " + e);
            }
          });
          assertThat(lost).as("acknowledged binding writes not on disk").isEmpty();
          assertThat(written.keySet()).anyMatch(k -> Files.exists(filesA.resolve(k)))
              .anyMatch(k -> Files.exists(filesB.resolve(k)));
          System.out.printf("hot reload kinds: %d binding writes acknowledged across the swap, none lost%n",
              written.size());

          // Removed
          for (String f : List.of("files", "vault", "upper", "tick")) {
            Files.delete(dir.resolve(f + ".yaml"));
          }
          expect("the removed binding answers as never configured", () -> answer(http.post("/v1.0/bindings/files",
              create)), before.get("binding")::equals);
          expect("the removed secret store answers as never configured", () -> answer(http.get(
              "/v1.0/secrets/vault/k")), before.get("secret")::equals);
          assertThat(grpcSecret(dapr)).isEqualTo(before.get("grpc secret"));
          assertThat(grpcBinding(dapr)).isEqualTo(before.get("grpc binding"));
          within("the removed middleware no longer runs", () -> {
            http.post("/v1.0/invoke/it-hot-reload-kinds/method/echo", "abc");
            return app.requests("/echo").getLast().body().equals("abc");
          });
          int ticks = app.requests("/tick").size();
          CountingApp.pause(1_500);
          assertThat(app.requests("/tick")).as("the removed input binding no longer ticks").hasSize(ticks);
          assertThat(http.get("/v1.0/metadata").body()).doesNotContain("\"name\":\"tick\"")
              .doesNotContain("\"name\":\"files\"").doesNotContain("\"name\":\"vault\"");
          assertThat(sidecar.isAlive()).isTrue();
        } finally {
          channel.shutdownNow();
        }
      }
    }
  }
}
