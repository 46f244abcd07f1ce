package io.jdaprd.embedded.spring;

import io.jdaprd.embedded.JdaprdSidecar;
import io.jdaprd.embedded.JdaprdSidecarBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Turns {@link EmbeddedDapr} on a test class into a context customizer that starts the sidecar. */
public final class JdaprdContextCustomizerFactory implements ContextCustomizerFactory {
  @Override
  public ContextCustomizer createContextCustomizer(Class<?> testClass,
      List<ContextConfigurationAttributes> configAttributes) {
    EmbeddedDapr a = TestContextAnnotationUtils.findMergedAnnotation(testClass, EmbeddedDapr.class);
    if (a == null) {
      return null;
    }
    List<String> components = java.util.Arrays.stream(a.components()).map(r -> read(testClass, r)).toList();
    return new Customizer(a.appId(), a.appPort(), components, a.controlledClock(), a.systemProperties());
  }

  private static String read(Class<?> testClass, String name) {
    String path = name.startsWith("/") ? name.substring(1) : name;
    try (InputStream in = testClass.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("@EmbeddedDapr component " + name + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Equal settings, equal customizers: Spring's context cache then shares one context and one sidecar. */
  private record Customizer(String appId, int appPort, List<String> components, boolean controlledClock,
      boolean systemProperties) implements ContextCustomizer {
    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
      String id = appId.isEmpty() ? context.getEnvironment().getProperty("spring.application.name",
          JdaprdSidecarBuilder.DEFAULT_APP_ID) : appId;
      JdaprdSidecarBuilder b = JdaprdSidecar.builder().withAppName(id).withControlledClock(controlledClock)
          .withAppReadyTimeout(Duration.ZERO);
      if (appPort != 0) {
        b.withAppPort(appPort);
      }
      components.forEach(b::withComponent);
      SidecarProperties.connect(context, b.start(), systemProperties);
    }
  }
}
