package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command line: a bad flag or value is one line on stderr starting with {@code jdaprd: } and exit code 1. */
class BadFlagsTest {

  @Test
  void unknownFlagIsOneLineAndExitCodeOne() {
    assertBadFlag(SidecarProcess.runToExit("--app-id", "x", "--no-such-flag"),
        "jdaprd: Unknown option: '--no-such-flag' (see jdaprd --help)");
  }

  @Test
  void badPortValueIsOneLineAndExitCodeOne() {
    assertBadFlag(SidecarProcess.runToExit("--app-id", "x", "--dapr-http-port", "abc"),
        "jdaprd: Invalid value for option '--dapr-http-port': 'abc' is not an int (see jdaprd --help)");
  }

  @Test
  void missingAppIdIsOneLineAndExitCodeOne() {
    assertBadFlag(SidecarProcess.runToExit(),
        "jdaprd: --app-id is required (expected: the app's id, for example --app-id myapp)");
  }

  private static void assertBadFlag(SidecarProcess.Run run, String line) {
    assertThat(run.exitCode()).as("exit code; stderr: %s", run.stderr()).isEqualTo(1);
    assertThat(run.stderr()).as("exactly one line on stderr, no stack trace").isEqualTo(line + "\n");
    assertThat(run.stdout()).isEmpty();
  }
}
