package io.jdaprd.core.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A set of named targets, each ready or not; the whole is ready when it has targets and all are ready. */
public final class Readiness {
  private final Map<String, Boolean> targets = new LinkedHashMap<>();

  /** Adds a target, not ready yet. */
  public synchronized Readiness register(String target) {
    targets.putIfAbsent(target, false);
    return this;
  }

  /** Marks a target ready (registering it if needed). */
  public synchronized void ready(String target) {
    targets.put(target, true);
  }

  /** Marks a target not ready (registering it if needed). */
  public synchronized void notReady(String target) {
    targets.put(target, false);
  }

  /** Whether there are targets and all are ready. */
  public synchronized boolean isReady() {
    return !targets.isEmpty() && !targets.containsValue(false);
  }

  /** The targets that are not ready, in registration order. */
  public synchronized List<String> pending() {
    List<String> out = new ArrayList<>();
    targets.forEach((name, ready) -> {
      if (!ready) {
        out.add(name);
      }
    });
    return out;
  }
}
