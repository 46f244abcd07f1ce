package io.jdaprd.embedded;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts an embedded sidecar for a Spring application context and points the Dapr SDK's properties at it, the way
 * {@code @ServiceConnection} does for a container: {@code dapr.http.endpoint}, {@code dapr.grpc.endpoint},
 * {@code dapr.http.port}, {@code dapr.grpc.port} and the Dapr Spring Boot starter's {@code dapr.client.*}
 * equivalents, in a property source ahead of all others. The sidecar is a bean ({@link JdaprdSidecar}) and stops
 * when the context closes.
 *
 * <p>Use it as {@code @ContextConfiguration(initializers = JdaprdContextInitializer.class)} (or
 * {@code @SpringBootTest} with {@code @ContextConfiguration}), or add it to a {@code SpringApplication}. The app id is
 * {@code spring.application.name} (else {@value JdaprdSidecarBuilder#DEFAULT_APP_ID}); {@code jdaprd.app-port}, when
 * set, is the app's port (the sidecar does not wait for it: the app starts after its context is initialized). For
 * components and other settings, subclass and override {@link #builder(ConfigurableEnvironment)}.
 */
public class JdaprdContextInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  /** The property source's name. */
  public static final String PROPERTY_SOURCE = "jdaprd-embedded";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment env = context.getEnvironment();
    JdaprdSidecar sidecar = builder(env).withAppReadyTimeout(Duration.ZERO).start();
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("dapr.http.endpoint", sidecar.getHttpEndpoint());
    properties.put("dapr.grpc.endpoint", sidecar.getGrpcEndpoint());
    properties.put("dapr.http.port", sidecar.getHttpPort());
    properties.put("dapr.grpc.port", sidecar.getGrpcPort());
    properties.put("dapr.client.http-endpoint", sidecar.getHttpEndpoint());
    properties.put("dapr.client.grpc-endpoint", sidecar.getGrpcEndpoint());
    properties.put("dapr.client.http-port", sidecar.getHttpPort());
    properties.put("dapr.client.grpc-port", sidecar.getGrpcPort());
    env.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
    context.getBeanFactory().registerSingleton("jdaprdSidecar", sidecar);
    context.addApplicationListener(event -> {
      if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
        sidecar.close();
      }
    });
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
