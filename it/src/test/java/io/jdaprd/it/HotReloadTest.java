package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.components.redis.RedisServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Hot reload through a whole sidecar process under load: while one client thread writes state and another publishes
 * (each to a store and a pub/sub that keep what they acknowledge: {@code state.sqlite} on a file, {@code pubsub.redis}
 * on a private durable {@code redis-server}), the test adds a state store, changes the state store and the pub/sub,
 * breaks and mends the state store's file, removes and re-adds the pub/sub and removes the added store; then adds,
 * changes (to another redis database) and removes a lock store and a configuration store ({@code lock.redis},
 * {@code configuration.redis} on the same redis). Each change must show within {@link #VISIBLE}; a removed component
 * answers daprd's not-found error (a removed lock or configuration store, byte for byte what it answered before it
 * was added); a broken file keeps the last good store serving; and at the end every write the sidecar acknowledged
 * reads back, and every publish it acknowledged reaches the app.
 */
class HotReloadTest {
  /**
   * How soon a change must show: daprd's "within a second", with room for a loaded test machine (the test prints the
   * figures it measured).
   */
  private static final Duration VISIBLE = Duration.ofSeconds(5);
  private static final Pattern CODE = Pattern.compile("\"errorCode\":\"([A-Z_]+)\"");

  private Path dir;

  private void write(String file, String text) throws Exception {
    Path tmp = dir.resolve(file + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, dir.resolve(file), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static String component(String name, String type, Map<String, String> metadata) {
    StringBuilder items = new StringBuilder();
    metadata.forEach((k, v) -> items.append("\n    - name: ").append(k).append("\n      value: \"").append(v)
        .append('"'));
    return "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name + "\nspec:\n  type: " + type
        + "\n  version: v1\n  metadata:" + items + "\n";
  }

  private static String code(HttpResponse<String> r) {
    Matcher m = CODE.matcher(r.body());
    return r.statusCode() + (m.find() ? " " + m.group(1) : "");
  }

  /** Polls {@code check} until it holds; returns the milliseconds it took, failing after {@link #VISIBLE}. */
  private static long within(String what, java.util.function.BooleanSupplier check) {
    long start = System.nanoTime();
    assertThat(CountingApp.waitFor(check, VISIBLE)).as(what + " within " + VISIBLE.toMillis() + " ms").isTrue();
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** Sends one command to redis (RESP) and checks it answered {@code +OK}. */
  private static void redis(int port, String... command) throws java.io.IOException {
    StringBuilder out = new StringBuilder("*" + command.length + "\r\n");
    for (String c : command) {
      out.append('$').append(c.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).append("\r\n").append(c)
          .append("\r\n");
    }
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.getOutputStream().write(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      assertThat((char) s.getInputStream().read()).as("redis answers " + String.join(" ", command)).isEqualTo('+');
    }
  }

  private static String answer(HttpResponse<String> r) {
    return r.statusCode() + " " + r.body();
  }

  /** Adds, changes and removes a lock store and a configuration store on {@code redis}, through the HTTP API. */
  private void lockAndConfigurationStores(Http http, RedisServer redis, List<String> timings) throws Exception {
    redis(redis.port(), "SET", "cfg-a", "one");
    String lock = "{\"resourceId\":\"r\",\"lockOwner\":\"%s\",\"expiryInSeconds\":60}";
    String neverLock = answer(http.post("/v1.0-alpha1/lock/locks", lock.formatted("o1")));
    String neverCfg = answer(http.get("/v1.0/configuration/cfg?key=cfg-a"));
    assertThat(neverLock).contains("ERR_LOCK_STORE_NOT_CONFIGURED");
    assertThat(neverCfg).contains("ERR_CONFIGURATION_STORE_NOT_CONFIGURED");
    String host = "127.0.0.1:" + redis.port();
    write("locks.yaml", component("locks", "lock.redis", Map.of("redisHost", host)));
    write("cfg.yaml", component("cfg", "configuration.redis", Map.of("redisHost", host)));
    timings.add("add lock store " + within("the added lock store locks", () -> http.post(
        "/v1.0-alpha1/lock/locks", lock.formatted("o1")).body().strip().equals("{\"success\":true}")));
    timings.add("add configuration store " + within("the added configuration store reads", () -> http.get(
        "/v1.0/configuration/cfg?key=cfg-a").body().contains("\"value\":\"one\"")));
    write("locks.yaml", component("locks", "lock.redis", Map.of("redisHost", host, "redisDB", "1")));
    write("cfg.yaml", component("cfg", "configuration.redis", Map.of("redisHost", host, "redisDB", "1")));
    timings.add("change lock store " + within("the changed lock store is database 1, where r is free", () -> http
        .post("/v1.0-alpha1/lock/locks", lock.formatted("o2")).body().strip().equals("{\"success\":true}")));
    timings.add("change configuration store " + within("the changed configuration store reads database 1", () -> {
      HttpResponse<String> r = http.get("/v1.0/configuration/cfg?key=cfg-a");
      return r.statusCode() / 100 == 2 && !r.body().contains("one");
    }));
    Files.delete(dir.resolve("locks.yaml"));
    Files.delete(dir.resolve("cfg.yaml"));
    timings.add("remove lock store " + within("the removed lock store answers as never configured", () -> answer(
        http.post("/v1.0-alpha1/lock/locks", lock.formatted("o1"))).equals(neverLock)));
    timings.add("remove configuration store " + within("the removed configuration store answers as never "
        + "configured", () -> answer(http.get("/v1.0/configuration/cfg?key=cfg-a")).equals(neverCfg)));
  }

  @Test
  void componentsAddedChangedBrokenAndRemovedUnderLoadLoseNothingAcknowledged() throws Exception {
    dir = Locations.newDirectory("hot-reload");
    Path data = Locations.newDirectory("hot-reload-data");
    String db = data.resolve("state.db").toString();
    try (RedisServer redis = RedisServer.startDurable();
        CountingApp app = new CountingApp(0, "pubsub", "orders")) {
      Map<String, String> pubsubMetadata = Map.of("redisHost", "127.0.0.1:" + redis.port(), "redeliverInterval",
          "1s", "processingTimeout", "2s");
      String state = component("store", "state.sqlite", Map.of("connectionString", db));
      write("state.yaml", state);
      write("pubsub.yaml", component("pubsub", "pubsub.redis", pubsubMetadata));
      try (SidecarProcess sidecar = SidecarProcess.withAppId("it-hot-reload").resources(dir)
          .args("--app-port", String.valueOf(app.port())).start()) {
        Http http = new Http(sidecar);
        assertThat(CountingApp.waitFor(() -> http.get("/v1.0/metadata").body().contains("\"topic\":\"orders\""),
            Duration.ofSeconds(10))).isTrue();
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, String> written = new ConcurrentHashMap<>();
        List<String> published = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
        Thread writer = Thread.ofPlatform().start(() -> {
          for (int i = 0; running.get(); i++) {
            HttpResponse<String> r = http.post("/v1.0/state/store", "[{\"key\":\"w" + i + "\",\"value\":" + i + "}]");
            if (r.statusCode() == 204) {
              written.put("w" + i, String.valueOf(i));
            } else {
              refusals.computeIfAbsent("state " + code(r), k -> new AtomicInteger()).incrementAndGet();
            }
            CountingApp.pause(5);
          }
        });
        Thread publisher = Thread.ofPlatform().start(() -> {
          for (int i = 0; running.get(); i++) {
            String id = "p" + i;
            HttpResponse<String> r = http.post("/v1.0/publish/pubsub/orders?metadata.cloudevent.id=" + id,
                "{\"id\":\"" + id + "\"}", "content-type", "application/json");
            if (r.statusCode() == 204) {
              published.add(id);
            } else {
              refusals.computeIfAbsent("publish " + code(r), k -> new AtomicInteger()).incrementAndGet();
            }
            CountingApp.pause(5);
          }
        });
        List<String> timings = new ArrayList<>();
        CountingApp.pause(300);

        write("extra.yaml", component("extra", "state.sqlite", Map.of("connectionString",
            data.resolve("extra.db").toString())));
        timings.add("add store " + within("the added store serves",
            () -> http.post("/v1.0/state/extra", "[{\"key\":\"k\",\"value\":1}]").statusCode() == 204));

        write("state.yaml", component("store", "state.sqlite", Map.of("connectionString", db, "note", "v2")));
        timings.add("change store " + within("the changed store is loaded",
            () -> http.get("/v1.0/metadata").body().contains("\"name\":\"store\"")
                && sidecar.logText().contains("reloading component store")));
        write("pubsub.yaml", component("pubsub", "pubsub.redis", Map.of("redisHost", "127.0.0.1:" + redis.port(),
            "redeliverInterval", "1s", "processingTimeout", "3s")));
        timings.add("change pubsub " + within("the changed pub/sub is loaded",
            () -> sidecar.logText().contains("reloading component pubsub")));

        write("state.yaml", "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: [broken\n");
        timings.add("broken file reported " + within("the broken file is reported", () -> http.get(
            "/v1.0/metadata").body().contains("state.yaml: malformed YAML")));
        int before = written.size();
        CountingApp.pause(200);
        assertThat(written.size()).as("the last good store serves on").isGreaterThan(before);
        write("state.yaml", component("store", "state.sqlite", Map.of("connectionString", db, "note", "v2")));
        within("the mended file clears the problem", () -> !http.get("/v1.0/metadata").body().contains(
            "malformed YAML"));

        Files.delete(dir.resolve("pubsub.yaml"));
        timings.add("remove pubsub " + within("the removed pub/sub answers not found", () -> code(http.post(
            "/v1.0/publish/pubsub/orders", "{}")).equals("404 ERR_PUBSUB_NOT_FOUND")));
        write("pubsub.yaml", component("pubsub", "pubsub.redis", pubsubMetadata));
        timings.add("re-add pubsub " + within("the re-added pub/sub accepts again", () -> http.post(
            "/v1.0/publish/pubsub/orders?metadata.cloudevent.id=again", "{\"id\":\"again\"}", "content-type",
            "application/json").statusCode() == 204));
        published.add("again");

        Files.delete(dir.resolve("extra.yaml"));
        timings.add("remove store " + within("the removed store answers not found", () -> code(http.post(
            "/v1.0/state/extra", "[{\"key\":\"k\",\"value\":1}]")).equals("400 ERR_STATE_STORE_NOT_FOUND")));
        assertThat(http.get("/v1.0/state/extra/k").body()).isEqualTo("{\"errorCode\":\"ERR_STATE_STORE_NOT_FOUND\","
            + "\"message\":\"state store extra is not found\",\"details\":[{\"@type\":\"type.googleapis.com/google"
            + ".rpc.ErrorInfo\",\"domain\":\"dapr.io\",\"metadata\":{\"appID\":\"it-hot-reload\"},\"reason\":"
            + "\"DAPR_STATE_NOT_FOUND\"}]}");
        lockAndConfigurationStores(http, redis, timings);

        CountingApp.pause(300);
        running.set(false);
        writer.join();
        publisher.join();

        String metadata = http.get("/v1.0/metadata").body();
        assertThat(metadata).contains("\"name\":\"store\"").contains("\"name\":\"pubsub\"")
            .doesNotContain("\"name\":\"extra\"").contains("\"topic\":\"orders\"");
        List<String> lost = new ArrayList<>();
        written.forEach((key, value) -> {
          if (!http.get("/v1.0/state/store/" + key).body().equals(value)) {
            lost.add(key);
          }
        });
        assertThat(lost).as("acknowledged writes that do not read back").isEmpty();
        app.awaitSuccess(published, Duration.ofSeconds(30));
        System.out.printf("hot reload under load: %d writes and %d publishes acknowledged, none lost; refused: %s; "
            + "changes visible after (ms): %s%n", written.size(), published.size(), refusals, timings);
        assertThat(refusals.keySet()).as("the only refusals are the removed pub/sub's")
            .allMatch(k -> k.equals("publish 404 ERR_PUBSUB_NOT_FOUND") || k.equals("publish 400 ERR_PUBSUB_NOT_FOUND"));
        assertThat(sidecar.isAlive()).isTrue();
      }
    }
  }
}
