package io.jdaprd.embedded.spring;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprPreviewClient;
import io.jdaprd.embedded.JdaprdSidecar;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * With an embedded sidecar in the context ({@link EmbeddedDapr}, {@link JdaprdContextInitializer}), the Java SDK's
 * {@link DaprClient} and {@link DaprPreviewClient} for it, unless the context defines its own (the Dapr Spring Boot
 * starter's, which reads the {@code dapr.client.*} properties pointed at the sidecar, comes first). Closed with the
 * context.
 */
@AutoConfiguration(afterName = "io.dapr.spring.boot.autoconfigure.client.DaprClientAutoConfiguration")
@ConditionalOnClass(DaprClient.class)
@ConditionalOnBean(JdaprdSidecar.class)
public class JdaprdClientAutoConfiguration {
  /**
   * The SDK client of the embedded sidecar; primary, because the SDK's preview client is a {@link DaprClient} too.
   */
  @Bean(destroyMethod = "close")
  @Primary
  @ConditionalOnMissingBean
  public DaprClient daprClient(JdaprdSidecar sidecar) {
    return sidecar.newClient();
  }

  /** The SDK preview client of the embedded sidecar. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public DaprPreviewClient daprPreviewClient(JdaprdSidecar sidecar) {
    return sidecar.newPreviewClient();
  }
}
