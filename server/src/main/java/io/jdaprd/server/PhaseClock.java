package io.jdaprd.server;

/** The milliseconds each named phase of a start took, for one debug line ({@link #toString()}). */
final class PhaseClock {
  private final StringBuilder phases = new StringBuilder();
  private long last = System.nanoTime();

  /** Ends the phase {@code name}: the time since the previous mark (or since this clock was made). */
  void mark(String name) {
    long now = System.nanoTime();
    phases.append(phases.isEmpty() ? "" : ", ").append(name).append(' ').append((now - last) / 1_000_000)
        .append(" ms");
    last = now;
  }

  @Override
  public String toString() {
    return phases.toString();
  }
}
