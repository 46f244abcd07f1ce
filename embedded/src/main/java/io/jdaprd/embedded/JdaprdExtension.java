package io.jdaprd.embedded;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprPreviewClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit 5 extension that runs tests against an embedded sidecar ({@link JdaprdSidecar}).
 *
 * <ul>
 *   <li>{@code @JdaprdTest} on the class: settings from the annotation.</li>
 *   <li>{@code @RegisterExtension static JdaprdExtension dapr = new JdaprdExtension(JdaprdSidecar.builder()...)}:
 *       one sidecar for the class; an instance (non-static) field, or {@link #perMethod()}, gives each test method
 *       its own.</li>
 * </ul>
 *
 * <p>Test and lifecycle methods may take a {@link JdaprdSidecar}, its {@link SidecarClock}, a {@link DaprClient} or a
 * {@link DaprPreviewClient} parameter (the clients are made once per class or method and closed after it). Sidecars and clients live in JUnit's
 * extension store, so test methods run in parallel safely: each sidecar has its own ports. The sidecar stops at the
 * end of its class or method.
 */
public final class JdaprdExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    ParameterResolver {
  private static final String SIDECAR = "sidecar";

  private final Supplier<JdaprdSidecarBuilder> builder;
  private boolean perMethod;
  private volatile JdaprdSidecar last;

  /** The extension of {@link JdaprdTest}: settings from the annotation. */
  public JdaprdExtension() {
    this.builder = null;
  }

  /** An extension starting its sidecars from {@code builder} (each start gets its own ports and files). */
  public JdaprdExtension(JdaprdSidecarBuilder builder) {
    this.builder = () -> builder;
  }

  /** One sidecar per test method rather than one per class. */
  public JdaprdExtension perMethod() {
    this.perMethod = true;
    return this;
  }

  /**
   * The sidecar this extension started last: the class's, or with one sidecar per method (and methods run one at a
   * time) the current method's. With methods in parallel, take it as a parameter instead.
   */
  public JdaprdSidecar sidecar() {
    JdaprdSidecar s = last;
    if (s == null) {
      throw new IllegalStateException("no sidecar started yet");
    }
    return s;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!perMethod(context)) {
      start(context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (find(context) == null) {
      start(context);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    last = null;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == JdaprdSidecar.class || type == SidecarClock.class || type == DaprClient.class
        || type == DaprPreviewClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    JdaprdSidecar sidecar = find(context);
    if (sidecar == null) {
      sidecar = start(context); // a parameter of a test class's constructor with one sidecar per method
    }
    Class<?> type = parameter.getParameter().getType();
    if (type == JdaprdSidecar.class) {
      return sidecar;
    }
    if (type == SidecarClock.class) {
      return sidecar.clock();
    }
    JdaprdSidecar s = sidecar;
    ExtensionContext.Store store = context.getStore(namespace());
    if (type == DaprClient.class) {
      return store.getOrComputeIfAbsent(client("client", s), k -> new Closing(s.newClient()), Closing.class).value;
    }
    return store.getOrComputeIfAbsent(client("preview", s), k -> new Closing(s.newPreviewClient()), Closing.class)
        .value;
  }

  private static String client(String kind, JdaprdSidecar s) {
    return kind + "@" + System.identityHashCode(s);
  }

  private JdaprdSidecar start(ExtensionContext context) {
    JdaprdSidecar sidecar = configured(context).start();
    context.getStore(namespace()).put(SIDECAR, new Closing(sidecar));
    last = sidecar;
    return sidecar;
  }

  private JdaprdSidecar find(ExtensionContext context) {
    Closing c = context.getStore(namespace()).get(SIDECAR, Closing.class);
    return c == null ? null : (JdaprdSidecar) c.value;
  }

  private ExtensionContext.Namespace namespace() {
    return ExtensionContext.Namespace.create(JdaprdExtension.class, System.identityHashCode(this));
  }

  private boolean perMethod(ExtensionContext context) {
    return perMethod || annotation(context).map(JdaprdTest::perMethod).orElse(false);
  }

  private JdaprdSidecarBuilder configured(ExtensionContext context) {
    if (builder != null) {
      return builder.get();
    }
    JdaprdTest a = annotation(context).orElseThrow(() -> new ExtensionConfigurationException(
        "JdaprdExtension without a builder needs @JdaprdTest on the test class"));
    JdaprdSidecarBuilder b = JdaprdSidecar.builder().withAppName(a.appId()).withControlledClock(a.controlledClock());
    if (a.appPort() != 0) {
      b.withAppPort(a.appPort());
    }
    Class<?> testClass = context.getRequiredTestClass();
    for (String resource : a.components()) {
      b.withComponent(classpathResource(testClass, resource));
    }
    return b;
  }

  private static Optional<JdaprdTest> annotation(ExtensionContext context) {
    for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
      Optional<JdaprdTest> a = c.get().getTestClass()
          .flatMap(type -> AnnotationSupport.findAnnotation(type, JdaprdTest.class));
      if (a.isPresent()) {
        return a;
      }
    }
    return Optional.empty();
  }

  private static String classpathResource(Class<?> testClass, String name) {
    String path = name.startsWith("/") ? name.substring(1) : name;
    try (InputStream in = testClass.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new ExtensionConfigurationException("@JdaprdTest component " + name + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A sidecar or client that JUnit closes with the context that holds it. */
  private static final class Closing implements ExtensionContext.Store.CloseableResource {
    private final AutoCloseable value;

    Closing(AutoCloseable value) {
      this.value = value;
    }

    @Override
    public void close() throws Exception {
      value.close();
    }
  }
}
