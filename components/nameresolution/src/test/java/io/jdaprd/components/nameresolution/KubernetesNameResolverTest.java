package io.jdaprd.components.nameresolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.nameresolution.Instance;
import io.jdaprd.spi.nameresolution.ResolveRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Service name daprd's kubernetes resolver builds, and its DNS lookup. */
class KubernetesNameResolverTest {
  private static final ResolveRequest REQUEST = new ResolveRequest("orders", "shop", 50002);
  private final List<String> looked = new ArrayList<>();

  private KubernetesNameResolver resolver(Map<String, String> configuration, InetAddress... answer)
      throws ComponentException {
    KubernetesNameResolver resolver = new KubernetesNameResolver(host -> {
      looked.add(host);
      if (answer.length == 0) {
        throw new UnknownHostException(host + ": Name or service not known");
      }
      return answer;
    });
    resolver.init(new Instance("me", "shop", "10.0.0.1", 3500, 50002, 0),
        new ComponentMetadata("kubernetes", "nameresolution.kubernetes", "v1", "me", configuration));
    return resolver;
  }

  @Test
  @DisplayName("<id>-dapr.<namespace>.svc.cluster.local:<caller's port>, or the configured cluster domain")
  void serviceName() throws Exception {
    assertThat(resolver(Map.of()).serviceAddress(REQUEST)).isEqualTo("orders-dapr.shop.svc.cluster.local:50002");
    assertThat(resolver(Map.of("clusterDomain", "corp.example")).serviceAddress(REQUEST))
        .isEqualTo("orders-dapr.shop.svc.corp.example:50002");
  }

  @Test
  @DisplayName("a template replaces the whole address")
  void template() throws Exception {
    assertThat(resolver(Map.of("template", "{{.ID}}-{{ .Namespace }}.internal:{{.Port}}")).serviceAddress(REQUEST))
        .isEqualTo("orders-shop.internal:50002");
    assertThatThrownBy(() -> resolver(Map.of("template", "{{.Data.region}}")))
        .isInstanceOf(ComponentException.class).hasMessageContaining("{{.Data.region}} is not supported");
  }

  @Test
  @DisplayName("resolve looks the Service up and answers every address with the port; it is a multi resolver")
  void lookup() throws Exception {
    KubernetesNameResolver resolver = resolver(Map.of(), InetAddress.getByName("10.96.0.7"),
        InetAddress.getByName("fd00::7"));
    assertThat(resolver.multi()).isTrue();
    assertThat(resolver.resolve(REQUEST)).containsExactly("10.96.0.7:50002", "[fd00:0:0:0:0:0:0:7]:50002");
    assertThat(looked).containsExactly("orders-dapr.shop.svc.cluster.local");
  }

  @Test
  @DisplayName("a failed lookup gives daprd's message")
  void failedLookup() throws Exception {
    KubernetesNameResolver resolver = resolver(Map.of());
    assertThatThrownBy(() -> resolver.resolve(REQUEST)).isInstanceOf(ComponentException.class)
        .hasMessageStartingWith("failed to resolve address for 'orders-dapr.shop.svc.cluster.local': ");
  }
}
