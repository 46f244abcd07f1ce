package io.jdaprd.embedded.spring;

import io.jdaprd.embedded.JdaprdSidecar;
import io.jdaprd.embedded.JdaprdSidecarBuilder;
import java.time.Duration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts an embedded sidecar for a Spring application context and points the Dapr SDK's properties at it
 * ({@link SidecarProperties}); the sidecar is a bean and stops when the context closes. For tests,
 * {@link EmbeddedDapr} on the test class does the same with less to write.
 *
 * <p>Use it as {@code @ContextConfiguration(initializers = JdaprdContextInitializer.class)}, or add it to a
 * {@code SpringApplication}. The app id is {@code spring.application.name} (else
 * {@value JdaprdSidecarBuilder#DEFAULT_APP_ID}); {@code jdaprd.app-port}, when set, is the app's port (the sidecar
 * does not wait for it: the app starts after its context is initialized). For components and other settings,
 * subclass and override {@link #builder(ConfigurableEnvironment)}.
 */
public class JdaprdContextInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  @Override
  public void initialize(ConfigurableApplicationContext context) {
    JdaprdSidecar sidecar = builder(context.getEnvironment()).withAppReadyTimeout(Duration.ZERO).start();
    SidecarProperties.connect(context, sidecar, false);
  }

  /** The sidecar's settings; by default the app id and app port of the environment, the default components. */
  protected JdaprdSidecarBuilder builder(ConfigurableEnvironment env) {
    JdaprdSidecarBuilder b = JdaprdSidecar.builder()
        .withAppName(env.getProperty("spring.application.name", JdaprdSidecarBuilder.DEFAULT_APP_ID));
    Integer appPort = env.getProperty("jdaprd.app-port", Integer.class);
    if (appPort != null) {
      b.withAppPort(appPort);
    }
    return b;
  }
}
