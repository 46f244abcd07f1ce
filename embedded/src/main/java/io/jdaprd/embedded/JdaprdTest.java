package io.jdaprd.embedded;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against an embedded jdaprd sidecar ({@link JdaprdExtension}): one for the class, or one per
 * test method with {@link #perMethod()}. Test and lifecycle methods may take a {@link JdaprdSidecar}, its
 * {@link SidecarClock}, a {@code DaprClient} or a {@code DaprPreviewClient} parameter. Scheduled work runs on a clock
 * the test moves unless {@link #controlledClock()} is {@code false}. For more settings, register the extension with
 * {@code @RegisterExtension} and a {@link JdaprdSidecarBuilder} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(JdaprdExtension.class)
public @interface JdaprdTest {
  /** The app id. */
  String appId() default JdaprdSidecarBuilder.DEFAULT_APP_ID;

  /** The app's port, 0 for none. */
  int appPort() default 0;

  /** Component YAML files, as class-path resources (for example {@code "components/statestore.yaml"}). */
  String[] components() default {};

  /** A new sidecar for each test method instead of one for the class. */
  boolean perMethod() default false;

  /**
   * Whether actor timers, reminders and idle deactivation run on a clock the test moves
   * ({@code sidecar.clock().advance(...)}, the default) rather than on real time.
   */
  boolean controlledClock() default true;
}
