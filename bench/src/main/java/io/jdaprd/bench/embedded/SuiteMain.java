package io.jdaprd.bench.embedded;

import java.lang.management.ManagementFactory;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one 20-test class with JUnit's launcher in this (fresh) JVM and prints {@code jvm-to-main}, {@code class-ms}
 * (discovery to the end of the class, its sidecar's start included) and the counts. Usage:
 * {@code SuiteMain embedded|process}; exit code 1 when a test failed.
 */
public final class SuiteMain {
  private SuiteMain() {
  }

  public static void main(String[] args) {
    System.out.printf("jvm-to-main %d%n",
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    Class<?> tests = args.length > 0 && args[0].equals("process") ? ProcessOrdersTests.class
        : EmbeddedOrdersTests.class;
    long t0 = System.nanoTime();
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(DiscoverySelectors.selectClass(tests)).build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(request, listener);
    TestExecutionSummary s = listener.getSummary();
    System.out.printf("class-ms %.1f%ntests %d%nfailed %d%n", (System.nanoTime() - t0) / 1e6,
        s.getTestsSucceededCount() + s.getTestsFailedCount(), s.getTestsFailedCount());
    s.getFailures().forEach(f -> System.out.println("failure " + f.getTestIdentifier().getDisplayName() + ": "
        + f.getException()));
    System.exit(s.getTotalFailureCount() == 0 ? 0 : 1);
  }
}
