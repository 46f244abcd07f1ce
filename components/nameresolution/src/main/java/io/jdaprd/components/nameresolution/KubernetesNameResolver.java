package io.jdaprd.components.nameresolution;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.nameresolution.Instance;
import io.jdaprd.spi.nameresolution.NameResolver;
import io.jdaprd.spi.nameresolution.ResolveRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code kubernetes} name resolver, as daprd's ({@code components-contrib nameresolution/kubernetes}): an app id's
 * sidecars are behind the Service {@code <id>-dapr.<namespace>.svc.<clusterDomain>}, on the caller's own internal
 * gRPC port. Nothing is registered: the operator creates the Service.
 *
 * <p>Configuration: {@code clusterDomain} (default {@code cluster.local}) and {@code template}, a Go template over the
 * request that replaces the whole {@code host:port}; this resolver understands the actions {@code {{.ID}}},
 * {@code {{.Namespace}}} and {@code {{.Port}}} (spaces inside the braces allowed) and refuses any other at init.
 *
 * <p>{@link #multi()}: as daprd's {@code ResolveIDMulti}, the name is looked up in DNS and every address is answered
 * with the port ({@code ip:port}, IPv6 in brackets); the caller caches the answer for 20 s. A failed lookup throws
 * {@code failed to resolve address for '<host>': <reason>}. {@link #serviceAddress} gives the unresolved name.
 */
public final class KubernetesNameResolver implements NameResolver {
  /** The resolver's name in a Configuration's {@code spec.nameResolution.component}. */
  public static final String TYPE = "kubernetes";
  /** The cluster domain when none is configured. */
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

  private static final Pattern ACTION = Pattern.compile("\\{\\{(.*?)}}");
  private static final Pattern FIELD = Pattern.compile("\\s*\\.(ID|Namespace|Port)\\s*");

  /** Looks a host name up; {@link InetAddress#getAllByName} unless a test substitutes it. */
  @FunctionalInterface
  interface Lookup {
    InetAddress[] addresses(String host) throws UnknownHostException;
  }

  private final Lookup lookup;
  private String clusterDomain = DEFAULT_CLUSTER_DOMAIN;
  private String template;

  public KubernetesNameResolver() {
    this(InetAddress::getAllByName);
  }

  KubernetesNameResolver(Lookup lookup) {
    this.lookup = lookup;
  }

  @Override
  public void init(Instance instance, ComponentMetadata configuration) throws ComponentException {
    clusterDomain = configuration.get("clusterDomain", DEFAULT_CLUSTER_DOMAIN);
    template = configuration.get("template").orElse(null);
    if (template != null) {
      Matcher action = ACTION.matcher(template);
      while (action.find()) {
        if (!FIELD.matcher(action.group(1)).matches()) {
          throw new ComponentException("name resolution kubernetes: template action {{" + action.group(1)
              + "}} is not supported (expected {{.ID}}, {{.Namespace}} or {{.Port}})");
        }
      }
    }
  }

  /** The Service address daprd's {@code ResolveID} answers: {@code <id>-dapr.<ns>.svc.<domain>:<port>}, or the template's. */
  public String serviceAddress(ResolveRequest request) {
    if (template == null) {
      return request.id() + "-dapr." + request.namespace() + ".svc." + clusterDomain + ":" + request.port();
    }
    Matcher action = ACTION.matcher(template);
    StringBuilder out = new StringBuilder();
    while (action.find()) {
      Matcher field = FIELD.matcher(action.group(1));
      field.matches();
      String value = switch (field.group(1)) {
        case "ID" -> request.id();
        case "Namespace" -> request.namespace();
        default -> Integer.toString(request.port());
      };
      action.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    action.appendTail(out);
    return out.toString();
  }

  @Override
  public List<String> resolve(ResolveRequest request) throws ComponentException {
    String address = serviceAddress(request);
    String port = "";
    int colon = address.lastIndexOf(':');
    if (colon > -1 && colon + 1 < address.length()) {
      port = address.substring(colon + 1);
      address = address.substring(0, colon);
    }
    InetAddress[] found;
    try {
      found = lookup.addresses(address);
    } catch (UnknownHostException e) {
      throw new ComponentException("failed to resolve address for '" + address + "': " + e.getMessage(), e);
    }
    List<String> addresses = new ArrayList<>();
    for (InetAddress ip : found) {
      String host = ip.getHostAddress();
      addresses.add((ip instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port);
    }
    return addresses;
  }

  @Override
  public boolean multi() {
    return true;
  }
}
