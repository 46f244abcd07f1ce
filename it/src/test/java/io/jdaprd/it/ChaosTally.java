package io.jdaprd.it;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counts of a crash-consistency run per case ({@code state/<store>}, {@code pubsub/<pubsub>},
 * {@code reminders}): operations the sidecar acknowledged with a 2xx, those it did not answer with one (in doubt:
 * they may or may not have happened), and what the checks after each restart found: acknowledged operations
 * {@code lost}, and transactions visible in part ({@code partial}).
 */
final class ChaosTally {
  private final Map<String, Counts> cases = new ConcurrentHashMap<>();
  private final AtomicLong rounds = new AtomicLong();

  /** The counts of one case. */
  static final class Counts {
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong inDoubt = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final AtomicLong partial = new AtomicLong();
  }

  Counts of(String name) {
    return cases.computeIfAbsent(name, k -> new Counts());
  }

  void roundDone() {
    rounds.incrementAndGet();
  }

  long rounds() {
    return rounds.get();
  }

  /** The cases in name order. */
  Map<String, Counts> cases() {
    return new TreeMap<>(cases);
  }

  /** A Markdown table of the counts. */
  String table() {
    StringBuilder out = new StringBuilder("| case | kills | acknowledged | in doubt | lost | partial |\n"
        + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
    cases().forEach((name, c) -> out.append("| ").append(name).append(" | ").append(rounds.get()).append(" | ")
        .append(c.acknowledged.get()).append(" | ").append(c.inDoubt.get()).append(" | ").append(c.lost.get())
        .append(" | ").append(c.partial.get()).append(" |\n"));
    return out.toString();
  }
}
