package io.jdaprd.spi.testkit.backend;

import org.junit.jupiter.api.Assumptions;

/**
 * Whether the tests run under continuous integration, and what a test does there when something it needs (a server
 * binary, Node.js, openssl) is missing: under CI it fails, elsewhere it is skipped with a message no one can miss.
 *
 * <p>CI is on when the environment variable {@code CI} is set to anything but empty, {@code false} or {@code 0}
 * (case-insensitive), as CI services set it ({@code true}, {@code 1}, {@code yes}, ...).
 */
public final class Ci {
  private Ci() {
  }

  /** Whether this run is a CI run, from the environment variable {@code CI}. */
  public static boolean isActive() {
    return isActive(System.getenv("CI"));
  }

  /** Whether {@code ciVariable}, the value of {@code CI} (null when unset), means a CI run. */
  public static boolean isActive(String ciVariable) {
    if (ciVariable == null) {
      return false;
    }
    String value = ciVariable.trim();
    return !value.isEmpty() && !value.equalsIgnoreCase("false") && !value.equals("0");
  }

  /**
   * Ends the calling test because {@code problem} keeps it from running: under CI with an {@link AssertionError},
   * elsewhere by aborting it (JUnit reports it skipped) after printing {@code problem} to stderr.
   *
   * @throws AssertionError under CI
   * @throws org.opentest4j.TestAbortedException elsewhere
   */
  public static void skipOrFail(String problem) {
    if (isActive()) {
      throw new AssertionError(problem + " (CI is set, so this is a failure, not a skip)");
    }
    System.err.println(banner(problem));
    Assumptions.assumeTrue(false, "SKIPPED: " + problem);
  }

  /** {@code problem} in a line that stands out in a build log. */
  public static String banner(String problem) {
    return "!!!!!!!!!! SKIPPED: " + problem + " !!!!!!!!!!";
  }
}
