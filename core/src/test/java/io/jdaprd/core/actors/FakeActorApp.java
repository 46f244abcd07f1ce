package io.jdaprd.core.actors;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app for the block's tests: records every callback, detects two turns of one actor overlapping, and runs a
 * test-given body for each method call.
 */
final class FakeActorApp implements ActorApp {
  /** What a method does; may call back into the block (reentrancy). */
  interface Body {
    Reply run(String type, String id, String method, Request request) throws Exception;
  }

  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<String> deactivated = new CopyOnWriteArrayList<>();
  final AtomicInteger overlaps = new AtomicInteger();
  final AtomicInteger maxParallel = new AtomicInteger();
  private final AtomicInteger parallel = new AtomicInteger();
  private final Map<String, AtomicInteger> inTurn = new ConcurrentHashMap<>();
  private final ActorsConfig config;
  volatile Body body = (t, i, m, r) -> reply(200, "ok");

  FakeActorApp(ActorsConfig config) {
    this.config = config;
  }

  static Reply reply(int status, String body, String... headers) {
    Map<String, List<String>> h = new java.util.HashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], List.of(headers[i + 1]));
    }
    return new Reply(status, h, "text/plain", body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public ActorsConfig config() {
    return config;
  }

  @Override
  public Reply invoke(String type, String id, String method, Request request) throws ActorCallException {
    calls.add(type + "/" + id + "/" + method);
    AtomicInteger turn = inTurn.computeIfAbsent(type + "/" + id, k -> new AtomicInteger());
    boolean nested = request.headers().containsKey("Nested");
    if (!nested && turn.incrementAndGet() > 1) {
      overlaps.incrementAndGet();
    }
    maxParallel.accumulateAndGet(parallel.incrementAndGet(), Math::max);
    try {
      return body.run(type, id, method, request);
    } catch (ActorCallException e) {
      throw e;
    } catch (Exception e) {
      throw new ActorCallException(e.toString());
    } finally {
      parallel.decrementAndGet();
      if (!nested) {
        turn.decrementAndGet();
      }
    }
  }

  @Override
  public void deactivate(String type, String id) {
    deactivated.add(type + "/" + id);
  }
}
