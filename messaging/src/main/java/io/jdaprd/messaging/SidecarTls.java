package io.jdaprd.messaging;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientFactoryBuilder;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.core.invoke.identity.IdentityException;
import io.jdaprd.core.invoke.identity.MtlsMaterial;
import io.jdaprd.core.invoke.identity.SpiffeIds;
import io.netty.handler.ssl.ClientAuth;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * mTLS between sidecars, as daprd with {@code --enable-mtls}: the internal server presents this sidecar's chain and
 * requires a client certificate that chains to the trust anchors, of any trust domain (daprd's
 * {@code GRPCServerOptionMTLS}); a client of another sidecar presents the same chain and accepts the server only
 * when its SPIFFE ID's path is {@code /ns/<namespace>/<app id>} of the target, whatever the trust domain (daprd's
 * {@code GRPCDialOptionMTLSUnknownTrustDomain}). The certificates are the ones given at startup; they are not
 * renewed.
 */
public final class SidecarTls {
  private final MtlsMaterial material;
  private final String spiffeId;

  /**
   * mTLS with {@code material}.
   *
   * @throws IdentityException when this sidecar's own certificate carries no SPIFFE ID (other sidecars would refuse
   *     it)
   */
  public SidecarTls(MtlsMaterial material) throws IdentityException {
    this.material = material;
    this.spiffeId = material.spiffeId();
  }

  /** The SPIFFE ID this sidecar presents, for example {@code spiffe://public/ns/default/checkout}. */
  public String spiffeId() {
    return spiffeId;
  }

  /** The SPIFFE ID path of {@code appId} in {@code namespace}: {@code /ns/<namespace>/<appId>}. */
  public static String pathOf(String namespace, String appId) {
    return "/ns/" + namespace + "/" + appId;
  }

  /** Whether this sidecar's own SPIFFE ID names {@code appId} in {@code namespace}, as callers will expect. */
  public boolean identifies(String namespace, String appId) {
    return pathOf(namespace, appId).equals(SpiffeTrustManager.pathOf(spiffeId));
  }

  /**
   * Makes {@code sb} serve TLS with this sidecar's chain and require a verified client certificate; the caller
   * declares the {@code https} ports.
   */
  public ServerBuilder serveOn(ServerBuilder sb) {
    return sb.tls(material.privateKey(), material.certChain())
        .tlsCustomizer(b -> b.clientAuth(ClientAuth.REQUIRE)
            .trustManager(new SpiffeTrustManager(material.trustAnchors(), null)));
  }

  /**
   * A client factory builder that presents this sidecar's chain and accepts only a server of {@code appId} in
   * {@code namespace}.
   */
  ClientFactoryBuilder clientFactory(String namespace, String appId) {
    return ClientFactory.builder().tls(material.privateKey(), material.certChain())
        .tlsCustomizer(b -> b.trustManager(new SpiffeTrustManager(material.trustAnchors(),
            pathOf(namespace, appId))));
  }

  /**
   * The SPIFFE ID of the peer of a request received over mTLS, {@code null} for a request received without TLS.
   * The certificate was verified in the handshake ({@link #serveOn}).
   *
   * @throws IllegalStateException when a TLS peer has no certificate with a SPIFFE ID (the handshake refuses one)
   */
  public static String peerSpiffeId(RequestContext ctx) {
    SSLSession session = ctx.sslSession();
    if (session == null) {
      return null;
    }
    try {
      Certificate[] peer = session.getPeerCertificates();
      return SpiffeIds.fromCertificate((X509Certificate) peer[0]);
    } catch (SSLPeerUnverifiedException | IdentityException | ClassCastException e) {
      throw new IllegalStateException("a TLS peer without a verified SPIFFE ID: " + e.getMessage(), e);
    }
  }
}
