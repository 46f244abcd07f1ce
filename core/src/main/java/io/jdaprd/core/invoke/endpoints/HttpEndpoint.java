package io.jdaprd.core.invoke.endpoints;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code HTTPEndpoint} resource, references resolved as daprd resolves them.
 *
 * @param name {@code metadata.name}: the app id that invokes it
 * @param baseUrl {@code spec.baseUrl}, as written (the method is appended to it)
 * @param headers {@code spec.headers}, in order; each is set on every request, replacing the caller's value
 * @param clientTls {@code spec.clientTLS}, {@code null} when absent
 * @param source the file it came from
 */
public record HttpEndpoint(String name, String baseUrl, List<Header> headers, ClientTls clientTls, Path source) {
  public HttpEndpoint {
    headers = List.copyOf(headers);
  }

  /** {@code name (baseUrl)}, as daprd names an endpoint in its logs. */
  public String logName() {
    return name + " (" + baseUrl + ")";
  }

  /**
   * One {@code spec.headers} item.
   *
   * @param name the header's name
   * @param value its value; empty when it came from a reference that did not resolve
   */
  public record Header(String name, String value) {
  }

  /**
   * {@code spec.clientTLS}: each document is its PEM text, {@code null} when absent or when only a secret reference
   * names it that could not be resolved.
   *
   * @param rootCa {@code rootCA}: the only authorities trusted for the endpoint's certificate
   * @param certificate {@code certificate}: the client certificate chain
   * @param privateKey {@code privateKey}: the client certificate's key (used only with it)
   * @param renegotiation {@code renegotiation}: {@code Never}, {@code OnceAsClient}, {@code FreelyAsClient}, or
   *     {@code null} when absent; any other value makes the endpoint's channel fail
   */
  public record ClientTls(String rootCa, String certificate, String privateKey, String renegotiation) {
  }
}
