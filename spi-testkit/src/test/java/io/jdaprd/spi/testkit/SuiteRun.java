package io.jdaprd.spi.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The outcome of running a conformance suite (a test class) on the JUnit Jupiter engine inside the running test,
 * by check: which check methods passed, failed or were skipped, and why. Lets a test show that a suite fails the
 * specific checks a deliberately broken implementation violates.
 *
 * @param outcomes for each check method name, how its runs ended ({@code SUCCESSFUL}, {@code FAILED},
 *     {@code ABORTED}); a parameterized check has one entry per invocation
 * @param failures for each failed check method name, the message of its first failure
 */
public record SuiteRun(Map<String, Set<TestExecutionResult.Status>> outcomes, Map<String, String> failures) {

  /** Runs every check of {@code suite}. */
  public static SuiteRun of(Class<?> suite) {
    return run(List.of(selectClass(suite)));
  }

  /** Runs only the checks of {@code suite} named {@code methods} (methods without parameters). */
  public static SuiteRun of(Class<?> suite, String... methods) {
    List<DiscoverySelector> selectors = new ArrayList<>();
    for (String method : methods) {
      selectors.add(selectMethod(suite, method));
    }
    return run(selectors);
  }

  private static SuiteRun run(List<DiscoverySelector> selectors) {
    Events events = EngineTestKit.engine("junit-jupiter").selectors(selectors.toArray(DiscoverySelector[]::new))
        .execute().testEvents().finished();
    Map<String, Set<TestExecutionResult.Status>> outcomes = new TreeMap<>();
    Map<String, String> failures = new TreeMap<>();
    events.stream().forEach(event -> {
      String method = methodName(event);
      TestExecutionResult result = event.getRequiredPayload(TestExecutionResult.class);
      outcomes.computeIfAbsent(method, m -> new TreeSet<>()).add(result.getStatus());
      if (result.getStatus() == TestExecutionResult.Status.FAILED) {
        failures.putIfAbsent(method, result.getThrowable().map(String::valueOf).orElse("(no throwable)"));
      }
    });
    return new SuiteRun(outcomes, failures);
  }

  private static String methodName(Event event) {
    return event.getTestDescriptor().getSource()
        .filter(MethodSource.class::isInstance)
        .map(source -> ((MethodSource) source).getMethodName())
        .orElse(event.getTestDescriptor().getDisplayName());
  }

  /** The checks with at least one failed run. */
  public Set<String> failed() {
    return with(TestExecutionResult.Status.FAILED);
  }

  /** The checks with at least one skipped (aborted) run. */
  public Set<String> skipped() {
    return with(TestExecutionResult.Status.ABORTED);
  }

  /** The checks whose every run passed. */
  public Set<String> passed() {
    Set<String> out = new TreeSet<>();
    outcomes.forEach((method, statuses) -> {
      if (statuses.equals(Set.of(TestExecutionResult.Status.SUCCESSFUL))) {
        out.add(method);
      }
    });
    return out;
  }

  private Set<String> with(TestExecutionResult.Status status) {
    Set<String> out = new TreeSet<>();
    outcomes.forEach((method, statuses) -> {
      if (statuses.contains(status)) {
        out.add(method);
      }
    });
    return out;
  }
}
