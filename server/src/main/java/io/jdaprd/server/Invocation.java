package io.jdaprd.server;

import io.jdaprd.appchannel.HttpEndpointChannels;
import io.jdaprd.core.invoke.Forwarding;
import io.jdaprd.core.invoke.InvocationPeers;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.RemoteCallException;
import io.jdaprd.core.invoke.acl.AccessControl;
import io.jdaprd.core.invoke.acl.InvalidAccessControlException;
import io.jdaprd.core.invoke.identity.IdentityException;
import io.jdaprd.core.invoke.identity.MtlsMaterial;
import io.jdaprd.core.invoke.TargetResolver;
import io.jdaprd.core.invoke.endpoints.HttpEndpoint;
import io.jdaprd.core.invoke.resolution.NameResolution;
import io.jdaprd.core.invoke.resolution.NameResolutionException;
import io.jdaprd.core.invoke.resolution.NameResolutionSpec;
import io.jdaprd.core.runtime.RuntimeOptions;
import io.jdaprd.messaging.InternalClient;
import io.jdaprd.messaging.SidecarTls;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CauseCode;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.nameresolution.Instance;
import io.jdaprd.spi.nameresolution.NameResolver;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service invocation's ties to other sidecars and external services: the internal gRPC client, the name resolver
 * the Configuration's {@code spec.nameResolution} selects (mdns by default, as daprd in standalone mode), registered
 * once the internal port is known, this host's address for the proxy headers, the channels of URL targets and
 * {@code HTTPEndpoint}s, and, with {@code --enable-mtls}, the certificates of mTLS between sidecars.
 */
final class Invocation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Invocation.class);

  private final Settings settings;
  private final String hostAddress;
  private final InternalClient client;
  private final SidecarTls tls;
  private final HttpEndpointChannels external;
  private volatile NameResolver resolver;
  private volatile TargetResolver targets = TargetResolver.NONE;

  private final AccessControl accessControl;
  private final boolean httpApp;

  /**
   * @param httpEndpoints the {@code HTTPEndpoint} resources loaded for this app
   * @throws IllegalStateException when the Configuration's {@code spec.accessControl} is invalid, or
   *     {@code --enable-mtls} is given without usable certificates in the environment (daprd does not start
   *     either: {@code trust anchors are required})
   */
  Invocation(Settings settings, Map<String, String> env, List<HttpEndpoint> httpEndpoints) {
    this(settings, env, httpEndpoints, null);
  }

  /** @param appPipeline {@code spec.appHttpPipeline}, run on the calls to {@code HTTPEndpoint}s ({@code null}: none) */
  Invocation(Settings settings, Map<String, String> env, List<HttpEndpoint> httpEndpoints,
      com.linecorp.armeria.client.DecoratingHttpClientFunction appPipeline) {
    this.settings = settings;
    this.hostAddress = HostAddress.of(env, settings.internalGrpcListenAddress());
    this.httpApp = !settings.appProtocol().startsWith("grpc");
    try {
      this.accessControl = AccessControl.parseAll(settings.configSpec().isMissingNode() ? List.of()
          : List.of(settings.configSpec().path("accessControl")), httpApp);
    } catch (InvalidAccessControlException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    this.tls = settings.enableMtls() ? tls(settings, env) : null;
    this.client = new InternalClient(settings.api().maxBodySize(), tls);
    this.external = new HttpEndpointChannels(httpEndpoints, settings.appProtocol(), settings.appApiToken(),
        settings.appMaxConcurrency(), appPipeline);
  }

  /** mTLS from {@code DAPR_TRUST_ANCHORS}, {@code DAPR_CERT_CHAIN} and {@code DAPR_CERT_KEY}. */
  private static SidecarTls tls(Settings settings, Map<String, String> env) {
    SidecarTls created;
    try {
      created = new SidecarTls(MtlsMaterial.fromEnvironment(env));
    } catch (IdentityException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    String namespace = settings.namespace() == null ? RuntimeOptions.DEFAULT_NAMESPACE : settings.namespace();
    if (!created.identifies(namespace, settings.appId())) {
      LOG.warn("mTLS: this sidecar's certificate names {}, not {}: other sidecars calling {} will refuse it",
          created.spiffeId(), SidecarTls.pathOf(namespace, settings.appId()), settings.appId());
    }
    LOG.info("mTLS enabled: this sidecar is {}", created.spiffeId());
    return created;
  }

  /** This host's address as other sidecars reach it (without port). */
  String hostAddress() {
    return hostAddress;
  }

  /** The internal gRPC client, for actor calls to other sidecars. */
  InternalClient client() {
    return client;
  }

  /** mTLS between sidecars, {@code null} without {@code --enable-mtls}. */
  SidecarTls tls() {
    return tls;
  }

  /** The peers the invoke block uses; other app ids resolve once {@link #register} has run. */
  InvocationPeers peers() {
    return new InvocationPeers((appId, namespace) -> targets.resolve(appId, namespace), client, this::admit,
        new Forwarding(hostAddress, HostAddress.hostName()), external);
  }

  /**
   * The callee's check of a call from another sidecar, as daprd's {@code callLocalValidateACL}: the policy sees the
   * verb only for HTTP apps and requests that carry metadata. The caller's identity is its verified SPIFFE ID with
   * mTLS; without, there is none, so the global default action applies.
   */
  private void admit(String callerSpiffeId, InvokeRequest request) throws RemoteCallException {
    String verb = httpApp && !request.metadata().isEmpty() ? request.verb() : null;
    try {
      accessControl.authorize(callerSpiffeId, request.method(), verb, httpApp);
    } catch (DaprException e) {
      throw RemoteCallException.status(CauseCode.valueOf(e.grpcCode().name()), e.getMessage());
    }
  }

  /**
   * Starts the name resolver and registers this sidecar, advertising {@code hostAddress:internalPort}. A resolver
   * that is unknown or cannot start is logged as an error and the sidecar runs on without one, as daprd does: calls
   * to other app ids then fail with {@code name resolver not initialized}.
   */
  void register(int internalPort, int httpPort) {
    NameResolutionSpec spec = NameResolutionSpec.parse(settings.configSpec().get("nameResolution"));
    Supplier<NameResolver> type = BuiltInComponents.nameResolvers().get(spec.component());
    if (type == null) {
      LOG.error("unable to create name resolver: couldn't find name resolver {}/{}", spec.component(),
          spec.version());
      return;
    }
    NameResolver created = type.get();
    String namespace = settings.namespace() == null ? RuntimeOptions.DEFAULT_NAMESPACE : settings.namespace();
    try {
      created.init(new Instance(settings.appId(), namespace, hostAddress, httpPort, internalPort,
          settings.appPort() == null ? 0 : settings.appPort()), spec.componentMetadata(settings.appId()));
    } catch (ComponentException e) {
      created.close();
      LOG.error("failed to initialize name resolution {}: {}", spec.component(), e.getMessage());
      return;
    }
    resolver = created;
    NameResolution resolution = new NameResolution(created, internalPort);
    targets = (appId, ns) -> {
      try {
        return resolution.resolve(appId, ns);
      } catch (NameResolutionException e) {
        throw new TargetResolver.UnresolvableException(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TargetResolver.UnresolvableException("context canceled");
      }
    };
    LOG.info("name resolution {} started: this sidecar is {}:{}", spec.component(), hostAddress, internalPort);
  }

  /** Removes this sidecar's registration and closes the connections to other sidecars. */
  @Override
  public void close() {
    NameResolver r = resolver;
    if (r != null) {
      r.close();
    }
    client.close();
    external.close();
  }
}
