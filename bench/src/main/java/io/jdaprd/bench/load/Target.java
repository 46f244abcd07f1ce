package io.jdaprd.bench.load;

/**
 * What one load run sends, and what it counts as a success.
 *
 * @param name      the name the report uses, for example {@code state-get-http}
 * @param protocol  {@code http} (HTTP/1.1 keep-alive), {@code grpc} (the Dapr gRPC service over h2c) or {@code redis}
 * @param host      the server's address, a loopback literal
 * @param port      the server's port
 * @param op        {@code get} or {@code save} of a state key, {@code ping} (HTTP GET of {@link #path}),
 *                  {@code publish} (HTTP publish of a tagged event, delivered to the generator's {@link Receiver}),
 *                  {@code post} (HTTP POST of the payload to {@link #path}), {@code invoke} (the floor's gRPC
 *                  {@code bench.Invoke/Call} with the payload, proxied when {@link #key} names an app) or
 *                  {@code upload} (HTTP POST to {@link #path} of a body of the payload size, streamed in chunks and
 *                  never held whole, which must come back with its length in the floor's {@code bench-bytes}),
 *                  {@code actor-new} (HTTP POST of the payload to a method of an actor never called before: each
 *                  request names a new id under {@link #path}) or {@code actor} (the same to one already-active
 *                  actor per connection)
 * @param store     the state store name ({@code get}/{@code save} over HTTP and gRPC), or the pub/sub name
 * @param key       the state key, the Redis key, the topic, or the app id of a proxied {@code invoke} (the
 *                  {@code dapr-app-id} metadata; null: none, the app is called directly)
 * @param path      the path of a {@code ping}, {@code post} or {@code upload}
 * @param expect    the answer that counts as a success: an HTTP status, a gRPC status code, or 0 for Redis
 */
public record Target(String name, String protocol, String host, int port, String op, String store, String key,
    String path, int expect) {

  /** Where the bindings scenario's HTTP binding sends its requests, on the floor. */
  public static final String BINDING_PATH = "/bench-binding";

  /** An HTTP GET of {@code path} that must answer {@code expect}. */
  public static Target ping(String name, int port, String path, int expect) {
    return new Target(name, "http", "127.0.0.1", port, "ping", null, null, path, expect);
  }

  /** A state operation ({@code get} or {@code save}) over {@code http} or {@code grpc}. */
  public static Target state(String name, String protocol, int port, String op, String store, String key,
      int expect) {
    return new Target(name, protocol, "127.0.0.1", port, op, store, key, null, expect);
  }

  /**
   * An HTTP publish to the {@link Receiver}'s pub/sub and topic, which the sidecar answers with 204 and delivers to
   * the receiver.
   */
  public static Target publish(String name, int port) {
    return new Target(name, "http", "127.0.0.1", port, "publish", Receiver.PUBSUB, Receiver.TOPIC, null, 204);
  }

  /** An HTTP POST of the payload to {@code path} that must answer {@code expect}. */
  public static Target post(String name, int port, String path, int expect) {
    return new Target(name, "http", "127.0.0.1", port, "post", null, null, path, expect);
  }

  /**
   * A gRPC call of the floor's {@code bench.Invoke/Call} with the payload: straight to the app's port when
   * {@code appId} is null, else to a sidecar's gRPC port with {@code dapr-app-id: appId} (gRPC proxying).
   */
  public static Target invokeGrpc(String name, int port, String appId) {
    return new Target(name, "grpc", "127.0.0.1", port, "invoke", null, appId, null, 0);
  }

  /** An HTTP POST of a streamed body of the payload size to {@code path}, which must answer 204 with its length. */
  public static Target upload(String name, int port, String path) {
    return new Target(name, "http", "127.0.0.1", port, "upload", null, null, path, 204);
  }

  /**
   * An HTTP output binding call ({@code POST /v1.0/bindings/<binding>}, operation {@code post}, the payload as its
   * data, path {@link #BINDING_PATH}), which the sidecar answers with 200.
   */
  public static Target binding(String name, int port, String binding) {
    return new Target(name, "http", "127.0.0.1", port, "binding", binding, null, null, 200);
  }

  /** The path prefix of the {@code actors} scenario's actor calls, to which the actor id is appended. */
  public static final String ACTOR_PATH = "/v1.0/actors/" + ActorApp.TYPE + "/";

  /**
   * An actor method call through a sidecar ({@code POST /v1.0/actors/benchactor/<id>/method/bench}, answered 200
   * by the actor app): to a new actor each request ({@code fresh}) or to one already-active actor per connection.
   */
  public static Target actor(String name, int port, boolean fresh) {
    return new Target(name, "http", "127.0.0.1", port, fresh ? "actor-new" : "actor", null, null, ACTOR_PATH, 200);
  }

  /** A GET or SET straight to Redis with Lettuce. */
  public static Target redis(String name, int port, String op, String key) {
    return new Target(name, "redis", "127.0.0.1", port, op, null, key, null, 0);
  }

  /**
   * A lock round trip ({@link LockRequester}): over {@code http} or {@code grpc} to the sidecar's lock store
   * {@code store}, or over {@code redis} straight to Redis; {@code resource} prefixes each connection's resource id.
   */
  public static Target lock(String name, String protocol, int port, String store, String resource, int expect) {
    return new Target(name, protocol, "127.0.0.1", port, "lock", store, resource, null, expect);
  }

  /** This target with another expected answer (the same request sent to a floor server answers differently). */
  public Target expecting(String newName, int newPort, int newExpect) {
    return new Target(newName, protocol, host, newPort, op, store, key, path, newExpect);
  }
}
