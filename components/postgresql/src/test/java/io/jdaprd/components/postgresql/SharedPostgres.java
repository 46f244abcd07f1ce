package io.jdaprd.components.postgresql;

import io.jdaprd.spi.testkit.backend.Ci;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes one {@link PostgresServer} for the whole test run, started on first use and stopped when the
 * run ends. Without server binaries a class is reported skipped, with the reason (or, under CI, fails: {@link Ci}).
 * Constructors, {@code @BeforeEach} and test methods get the server as a parameter.
 */
final class SharedPostgres implements ExecutionCondition, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedPostgres.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (PostgresServer.findBinaries().isPresent()) {
      return ConditionEvaluationResult.enabled("PostgreSQL server binaries found");
    }
    if (PostgresServer.runningInCi()) {
      throw new AssertionError(PostgresServer.missingMessage());
    }
    System.err.println(Ci.banner(PostgresServer.missingMessage()));
    return ConditionEvaluationResult.disabled(PostgresServer.missingMessage());
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PostgresServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("server", key -> new Running(), Running.class).server;
  }

  /** The server, closed by JUnit when the run ends. */
  private static final class Running implements ExtensionContext.Store.CloseableResource {
    final PostgresServer server;

    Running() {
      try {
        server = PostgresServer.start();
      } catch (Exception e) {
        throw new IllegalStateException("the test PostgreSQL did not start: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
