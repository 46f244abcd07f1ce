package io.jdaprd.embedded.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a Spring test's application context an embedded jdaprd sidecar, the way {@code @ServiceConnection} gives it
 * a container: before the context refreshes, a sidecar starts and the Dapr SDK's properties point at it
 * ({@link SidecarProperties}); it is the context's {@code JdaprdSidecar} bean, and with Spring Boot the context gets
 * a {@code DaprClient} and a {@code DaprPreviewClient} for it when it defines none ({@link JdaprdClientAutoConfiguration}).
 * Test classes with the same settings share one context, so one sidecar (Spring's context cache); it stops when the
 * context closes.
 *
 * <p>Works with {@code @SpringBootTest}, {@code @SpringJUnitConfig} and any Spring TestContext test (it is a
 * {@code ContextCustomizerFactory} registered in {@code META-INF/spring.factories}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedDapr {
  /** The app id; empty (default): {@code spring.application.name}, else {@code app}. */
  String appId() default "";

  /** The app's port, 0 (default) for none. The sidecar does not wait for the app: it starts after its context. */
  int appPort() default 0;

  /** Component YAML files, as class-path resources; none: the in-memory {@code statestore} and {@code pubsub}. */
  String[] components() default {};

  /** Whether actor timers and reminders run on a clock the test moves ({@code sidecar.clock()}); default yes. */
  boolean controlledClock() default true;

  /**
   * Whether the SDK's properties are also set as JVM system properties while the context is open, for code that
   * builds its own {@code new DaprClientBuilder().build()}; default no (they are process-wide).
   */
  boolean systemProperties() default false;
}
