package io.jdaprd.bench.suite;

import io.jdaprd.bench.floor.FloorServer;
import io.jdaprd.bench.load.Target;
import java.util.ArrayList;
import java.util.List;

/** Which targets each scenario measures, on which ports, and which process each is charged to. */
final class Plan {
  static final String KEY = "bench-1k";
  static final String ILLEGAL_KEY = "a||b";

  private Plan() {
  }

  /** The constant-rate group on the in-memory sidecar and the floor, for the scenarios asked for. */
  static List<Rounds.Planned> rate(Options o, Sidecar s, Servers.Floor f) {
    List<Rounds.Planned> plan = new ArrayList<>();
    long sp = s.pid();
    long fp = f.process().pid();
    if (o.has("floor") || o.has("state-http") || o.has("secrets")) {
      plan.add(floor204(f, fp, "floor"));
    }
    if (o.has("floor")) {
      plan.add(new Rounds.Planned(Target.ping("sidecar-healthz", s.httpPort, "/v1.0/healthz", 204), "floor",
          "sidecar", sp));
    }
    if (o.has("state-http")) {
      plan.add(new Rounds.Planned(getHttp(s), "state-http", "sidecar", sp));
    }
    if (o.has("state-http") || o.has("error")) {
      plan.add(new Rounds.Planned(saveHttp(s.httpPort, "floor-save-http", 204), "state-http", "floor", fp));
      plan.add(new Rounds.Planned(saveHttp(s.httpPort, "state-save-http", 204), "state-http", "sidecar", sp));
    }
    if (o.has("error")) {
      plan.add(new Rounds.Planned(errorHttp(s), "error", "sidecar", sp));
    }
    if (o.has("secrets")) {
      plan.add(new Rounds.Planned(Target.ping("secret-get-http", s.httpPort, "/v1.0/secrets/" + Sidecar.SECRET_STORE
          + "/" + KEY, 200), "secrets", "sidecar", sp));
    }
    if (o.has("bindings")) {
      plan.add(new Rounds.Planned(Target.post("floor-post-binding", f.httpPort(), Target.BINDING_PATH, 204),
          "bindings", "floor", fp));
      plan.add(new Rounds.Planned(Target.binding("binding-http", s.httpPort, Sidecar.FLOOR_BINDING), "bindings",
          "sidecar", sp));
    }
    if (o.has("state-grpc")) {
      plan.add(new Rounds.Planned(Target.state("floor-get-grpc", "grpc", f.grpcPort(), "get", "statestore", KEY, 0),
          "state-grpc", "floor", fp));
      plan.add(new Rounds.Planned(Target.state("state-get-grpc", "grpc", s.grpcPort, "get", "statestore", KEY, 0),
          "state-grpc", "sidecar", sp));
      plan.add(new Rounds.Planned(Target.state("floor-save-grpc", "grpc", f.grpcPort(), "save", "statestore", KEY,
          0), "state-grpc", "floor", fp));
      plan.add(new Rounds.Planned(Target.state("state-save-grpc", "grpc", s.grpcPort, "save", "statestore", KEY, 0),
          "state-grpc", "sidecar", sp));
    }
    return fixFloorPorts(plan, f);
  }

  /** The closed-loop group: the throughput of each sidecar target next to its floor. */
  static List<Rounds.Planned> closed(Sidecar s, Servers.Floor f) {
    long sp = s.pid();
    long fp = f.process().pid();
    List<Rounds.Planned> plan = new ArrayList<>();
    plan.add(floor204(f, fp, "floor"));
    plan.add(new Rounds.Planned(Target.ping("sidecar-healthz", s.httpPort, "/v1.0/healthz", 204), "floor",
        "sidecar", sp));
    plan.add(new Rounds.Planned(getHttp(s), "state-http", "sidecar", sp));
    plan.add(new Rounds.Planned(saveHttp(s.httpPort, "floor-save-http", 204), "state-http", "floor", fp));
    plan.add(new Rounds.Planned(saveHttp(s.httpPort, "state-save-http", 204), "state-http", "sidecar", sp));
    plan.add(new Rounds.Planned(errorHttp(s), "error", "sidecar", sp));
    plan.add(new Rounds.Planned(Target.state("floor-get-grpc", "grpc", f.grpcPort(), "get", "statestore", KEY, 0),
        "state-grpc", "floor", fp));
    plan.add(new Rounds.Planned(Target.state("state-get-grpc", "grpc", s.grpcPort, "get", "statestore", KEY, 0),
        "state-grpc", "sidecar", sp));
    List<Rounds.Planned> fixed = fixFloorPorts(plan, f);
    fixed.add(new Rounds.Planned(Target.state("floor-error-save-http", "http", f.httpPort(), "save",
        FloorServer.ERROR_STORE, ILLEGAL_KEY, 400), "error", "floor", fp));
    fixed.add(new Rounds.Planned(Target.state("floor-get-http", "http", f.httpPort(), "get", "statestore", KEY, 200),
        "state-http", "floor", fp));
    return fixed;
  }

  /**
   * State get and save on Redis through the sidecar, and the same straight from Lettuce; the floor of the get (the
   * floor server {@code f} reading Redis as {@code state.redis} does); then a configuration get through the sidecar
   * ({@code configuration.redis}) of the key the direct save wrote.
   */
  static List<Rounds.Planned> redis(Sidecar s, Servers.Redis r, Servers.Floor f) {
    long sp = s.pid();
    long rp = r.process().pid();
    return List.of(
        new Rounds.Planned(Target.redis("direct-get-redis", r.port(), "get", "bench-direct"), "redis", "direct", rp),
        new Rounds.Planned(Target.state("floor-get-redis", "http", f.httpPort(), "get", "redisstore", KEY, 200),
            "redis", "floor", f.process().pid()),
        new Rounds.Planned(Target.state("redis-get-http", "http", s.httpPort, "get", "redisstore", KEY, 200),
            "redis", "sidecar", sp),
        new Rounds.Planned(Target.redis("direct-save-redis", r.port(), "save", "bench-direct"), "redis", "direct",
            rp),
        new Rounds.Planned(Target.state("redis-save-http", "http", s.httpPort, "save", "redisstore", KEY, 204),
            "redis", "sidecar", sp),
        new Rounds.Planned(Target.ping("config-get-http", s.httpPort,
            "/v1.0/configuration/configstore?key=bench-direct", 200), "redis", "sidecar", sp));
  }

  /** A lock round trip (take, then release) on Redis through the sidecar over HTTP and gRPC, and from Lettuce. */
  static List<Rounds.Planned> lock(Sidecar s, Servers.Redis r) {
    long sp = s.pid();
    return List.of(
        new Rounds.Planned(Target.lock("direct-lock-redis", "redis", r.port(), null, "bench-direct-lock", 0),
            "lock", "direct", r.process().pid()),
        new Rounds.Planned(Target.lock("lock-http", "http", s.httpPort, "lockstore", "bench-lock", 200), "lock",
            "sidecar", sp),
        new Rounds.Planned(Target.lock("lock-grpc", "grpc", s.grpcPort, "lockstore", "bench-lock", 0), "lock",
            "sidecar", sp));
  }

  static Rounds.Planned floor204(Servers.Floor f, long floorPid, String scenario) {
    return new Rounds.Planned(Target.ping("floor-204", f.httpPort(), "/v1.0/healthz", 204), scenario, "floor",
        floorPid);
  }

  static Target getHttp(Sidecar s) {
    return Target.state("state-get-http", "http", s.httpPort, "get", "statestore", KEY, 200);
  }

  private static Target saveHttp(int port, String name, int expect) {
    return Target.state(name, "http", port, "save", "statestore", KEY, expect);
  }

  private static Target errorHttp(Sidecar s) {
    return Target.state("error-save-http", "http", s.httpPort, "save", "statestore", ILLEGAL_KEY, 400);
  }

  /** Floor targets are written with the sidecar's request shape; point them at the floor's port. */
  /** The floor targets of {@code plan}, pointed at and charged to the floor server {@code f}. */
  static List<Rounds.Planned> floorOnly(List<Rounds.Planned> plan, Servers.Floor f) {
    List<Rounds.Planned> floors = new ArrayList<>();
    for (Rounds.Planned p : plan) {
      if (p.role().equals("floor")) {
        floors.add(new Rounds.Planned(p.target(), p.scenario(), p.role(), f.process().pid()));
      }
    }
    return fixFloorPorts(floors, f);
  }

  private static List<Rounds.Planned> fixFloorPorts(List<Rounds.Planned> plan, Servers.Floor f) {
    List<Rounds.Planned> fixed = new ArrayList<>();
    for (Rounds.Planned p : plan) {
      Target t = p.target();
      if (p.role().equals("floor")) {
        int port = t.protocol().equals("grpc") ? f.grpcPort() : f.httpPort();
        t = t.expecting(t.name(), port, t.protocol().equals("grpc") ? 0 : 204);
      }
      fixed.add(new Rounds.Planned(t, p.scenario(), p.role(), p.serverPid()));
    }
    return fixed;
  }
}
