package io.jdaprd.spi.testkit.nameresolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.nameresolution.Instance;
import io.jdaprd.spi.nameresolution.NameResolver;
import io.jdaprd.spi.nameresolution.ResolveRequest;
import io.jdaprd.spi.testkit.timing.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite of the name-resolution SPI: what daprd's resolvers promise, checked against a real one. A
 * resolver's test extends this class and says how to make a resolver and with which configuration; every resolver of
 * one check shares that configuration (the same database file, the same network), plays one sidecar, and is closed
 * after the check. Each check uses its own random app ids, so checks never see each other's registrations.
 *
 * <p>"No address" is either an empty answer or a {@link ComponentException} (daprd's resolvers report an unknown id
 * as an error, such as sqlite's {@code no host found with the given ID}); any other answer fails.
 *
 * <pre>{@code
 * class MyResolverTest extends NameResolverConformance {
 *   protected NameResolver createResolver() { return new MyResolver(); }
 *   protected Map<String, String> configuration() { return Map.of("connectionString", file); }
 * }
 * }</pre>
 */
public abstract class NameResolverConformance {
  /** The namespace every instance registers in. */
  public static final String NAMESPACE = "default";

  private static final AtomicInteger NEXT_PORT = new AtomicInteger(40_000);
  private final List<NameResolver> opened = new ArrayList<>();
  private String unique;

  /** A new, uninitialised resolver; the suite calls {@code init} itself. */
  protected abstract NameResolver createResolver() throws Exception;

  /** The resolver's {@code spec.nameResolution.configuration}, the same for every resolver of a check. */
  protected abstract Map<String, String> configuration();

  /** The resolver's type, the name of its configuration ({@code sqlite}, {@code mdns}). */
  protected abstract String resolverType();

  /** The host address instances register with. The default is {@code 127.0.0.1}. */
  protected String instanceAddress() {
    return "127.0.0.1";
  }

  /**
   * How long a registration or its removal may take to be seen by another resolver. The default is 10 seconds; a
   * resolver answering at once passes as soon as it does.
   */
  protected Duration propagation() {
    return Duration.ofSeconds(10);
  }

  @BeforeEach
  void newIds() {
    unique = UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void closeResolvers() {
    for (NameResolver resolver : opened) {
      resolver.close();
    }
    opened.clear();
  }

  /** An app id unique to this check. */
  protected String appId(String name) {
    return name + "-" + unique;
  }

  /** Starts a resolver registering {@code appId} on a port of its own, and returns it. */
  protected Registered register(String appId) throws Exception {
    NameResolver resolver = createResolver();
    Instance instance = new Instance(appId, NAMESPACE, instanceAddress(), 3500, NEXT_PORT.getAndIncrement(), 0);
    resolver.init(instance, new ComponentMetadata(resolverType(), "nameresolution." + resolverType(), "v1", appId,
        configuration()));
    opened.add(resolver);
    return new Registered(resolver, instance);
  }

  /** What {@code resolver} answers for {@code appId} now; a {@link ComponentException} reads as no address. */
  protected static List<String> addressesOf(NameResolver resolver, String appId) {
    try {
      return resolver.resolve(new ResolveRequest(appId, NAMESPACE, 50_001));
    } catch (ComponentException e) {
      return List.of();
    }
  }

  /** A resolver and the instance it registered. */
  protected record Registered(NameResolver resolver, Instance instance) {
    /** The address other sidecars should reach it at. */
    public String address() {
      return instance.advertisedAddress();
    }
  }

  @Test
  @DisplayName("a registered instance is found at address:internal port by another sidecar")
  void registeredInstanceIsFound() throws Exception {
    Registered target = register(appId("target"));
    Registered caller = register(appId("caller"));
    Poll.untilPasses("the caller resolves the target", propagation(),
        () -> assertThat(addressesOf(caller.resolver(), target.instance().appId()))
            .as("addresses of %s", target.instance().appId()).containsExactly(target.address()));
  }

  @Test
  @DisplayName("every instance of an id is found, and only those")
  void everyInstanceOfAnIdIsFound() throws Exception {
    String id = appId("replicated");
    Registered first = register(id);
    Registered second = register(id);
    Registered other = register(appId("other"));
    Poll.untilPasses("both replicas are known", propagation(),
        () -> assertThat(addressesOf(other.resolver(), id)).as("addresses of %s", id)
            .containsExactlyInAnyOrder(first.address(), second.address()));
    Poll.untilPasses("the other id is found alone", propagation(),
        () -> assertThat(addressesOf(first.resolver(), other.instance().appId())).as("addresses of the other id")
            .containsExactly(other.address()));
  }

  @Test
  @DisplayName("an unknown id has no address")
  void unknownIdHasNoAddress() throws Exception {
    Registered caller = register(appId("caller"));
    register(appId("bystander"));
    assertThat(addressesOf(caller.resolver(), appId("nobody"))).as("addresses of an id nobody registered").isEmpty();
  }

  @Test
  @DisplayName("closing a resolver removes its registration, and only its own")
  void closeRemovesTheRegistration() throws Exception {
    String id = appId("leaving");
    Registered staying = register(id);
    Registered leaving = register(id);
    Registered caller = register(appId("caller"));
    Poll.untilPasses("both replicas are known", propagation(),
        () -> assertThat(addressesOf(caller.resolver(), id)).containsExactlyInAnyOrder(staying.address(),
            leaving.address()));
    leaving.resolver().close();
    Poll.untilPasses("the closed replica is gone", propagation(),
        () -> assertThat(addressesOf(caller.resolver(), id)).as("addresses of %s after one replica closed", id)
            .containsExactly(staying.address()));
    staying.resolver().close();
    Poll.untilPasses("the id is gone", propagation(),
        () -> assertThat(addressesOf(caller.resolver(), id)).as("addresses of %s after every replica closed", id)
            .isEmpty());
  }

  @Test
  @DisplayName("an instance without app id is refused")
  void instanceWithoutAppIdIsRefused() throws Exception {
    NameResolver resolver = createResolver();
    opened.add(resolver);
    Instance nameless = new Instance("", NAMESPACE, instanceAddress(), 3500, NEXT_PORT.getAndIncrement(), 0);
    assertThatThrownBy(() -> resolver.init(nameless, new ComponentMetadata(resolverType(),
        "nameresolution." + resolverType(), "v1", "", configuration())))
        .as("init with an empty app id").isInstanceOf(ComponentException.class).hasMessage("name is missing");
  }
}
