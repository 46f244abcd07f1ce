package io.jdaprd.embedded.spring;

import io.dapr.config.Properties;
import io.jdaprd.embedded.JdaprdSidecar;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * How a context is pointed at an embedded sidecar: the Java SDK's own property names ({@code dapr.http.endpoint},
 * {@code dapr.grpc.endpoint}, {@code dapr.http.port}, {@code dapr.grpc.port}, {@code dapr.sidecar.ip}; the SDK reads
 * the same settings from {@code DAPR_HTTP_ENDPOINT}, {@code DAPR_GRPC_ENDPOINT}, ...) and the Dapr Spring Boot
 * starter's {@code dapr.client.*}, in a property source ahead of all others; the sidecar as a bean, stopped when the
 * context closes.
 */
public final class SidecarProperties {
  /** The property source's name. */
  public static final String PROPERTY_SOURCE = "jdaprd-embedded";
  /** The bean name of the sidecar. */
  public static final String BEAN = "jdaprdSidecar";

  private SidecarProperties() {
  }

  /** The properties that point the Dapr SDK and the Dapr Spring Boot starter at {@code sidecar}. */
  public static Map<String, Object> of(JdaprdSidecar sidecar) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(Properties.HTTP_ENDPOINT.getName(), sidecar.getHttpEndpoint());
    p.put(Properties.GRPC_ENDPOINT.getName(), sidecar.getGrpcEndpoint());
    p.put(Properties.HTTP_PORT.getName(), Integer.toString(sidecar.getHttpPort()));
    p.put(Properties.GRPC_PORT.getName(), Integer.toString(sidecar.getGrpcPort()));
    p.put(Properties.SIDECAR_IP.getName(), "127.0.0.1");
    p.put("dapr.client.http-endpoint", sidecar.getHttpEndpoint());
    p.put("dapr.client.grpc-endpoint", sidecar.getGrpcEndpoint());
    p.put("dapr.client.http-port", Integer.toString(sidecar.getHttpPort()));
    p.put("dapr.client.grpc-port", Integer.toString(sidecar.getGrpcPort()));
    return p;
  }

  /**
   * Puts {@link #of}'s properties first in {@code context}'s environment, registers {@code sidecar} as bean
   * {@value #BEAN} and stops it when the context closes.
   *
   * @param systemProperties also set them as JVM system properties while the context is open, for code that
   *     builds its own {@code new DaprClientBuilder().build()} (the SDK reads system properties, not Spring's
   *     environment); process-wide, so only for contexts that are not open side by side; the values they replaced
   *     are put back when the context closes
   */
  public static void connect(ConfigurableApplicationContext context, JdaprdSidecar sidecar,
      boolean systemProperties) {
    Map<String, Object> properties = of(sidecar);
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
    Map<String, String> replaced = new LinkedHashMap<>();
    if (systemProperties) {
      properties.forEach((k, v) -> {
        if (k.startsWith("dapr.") && !k.startsWith("dapr.client.")) {
          replaced.put(k, System.getProperty(k));
          System.setProperty(k, v.toString());
        }
      });
    }
    context.getBeanFactory().registerSingleton(BEAN, sidecar);
    context.addApplicationListener(event -> {
      if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
        replaced.forEach((k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
        sidecar.close();
      }
    });
  }
}
