package io.jdaprd.core.resiliency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when told to (or when a policy sleeps), recording every sleep. */
final class FakeTicker implements Ticker {
  long nanos = 1_000_000_000L;
  double random = 0.5;
  final List<Duration> sleeps = new ArrayList<>();

  void advance(Duration d) {
    nanos += d.toNanos();
  }

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public void sleep(Duration d) {
    sleeps.add(d);
    advance(d);
  }

  @Override
  public double random() {
    return random;
  }
}
