package io.jdaprd.components.bindings;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import io.jdaprd.spi.bindings.OutputBinding;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * {@code bindings.http}: each call is one HTTP request to the {@code url} metadata (plus the call's {@code path}
 * metadata), as Dapr's HTTP binding makes it. The operation is the method ({@code create} is {@code POST}); the
 * data is the body of {@code POST}, {@code PUT} and {@code PATCH}; call metadata keys starting with a capital letter
 * are request headers; {@code Content-Type} and {@code Accept} default to JSON. The answer carries the body and, as
 * metadata, {@code statusCode}, {@code status} and every response header; a status outside 2xx fails the call
 * ({@code received status code N}, the metadata still travelling back) unless {@code errorIfNot2XX} is false.
 * TLS: {@code MTLSRootCA} (PEM text or file), {@code MTLSClientCert}/{@code MTLSClientKey} (PEM), and
 * {@code securityToken} sent in {@code securityTokenHeader}.
 */
public final class HttpBinding implements OutputBinding {
  /** The component type. */
  public static final String TYPE = "bindings.http";
  private static final List<String> OPERATIONS = List.of("create", "get", "head", "post", "put", "patch", "delete",
      "options", "trace");
  private static final long DEFAULT_MAX_BODY = 100L << 20;
  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
  private static final String JSON = "application/json; charset=utf-8";

  private String url;
  private boolean errorIfNot2xx;
  private Duration responseTimeout;
  private long maxBody;
  private String securityToken;
  private String securityTokenHeader;
  private HttpClient client;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    url = metadata.require("url");
    errorIfNot2xx = metadata.getBoolean("errorIfNot2XX", true);
    responseTimeout = metadata.getDuration("responseTimeout", null);
    maxBody = metadata.get("maxResponseBodySize").map(Long::parseLong).orElse(DEFAULT_MAX_BODY);
    securityToken = metadata.get("securityToken").orElse(null);
    securityTokenHeader = metadata.get("securityTokenHeader").orElse(null);
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(15));
    SSLContext tls = HttpTls.context(metadata);
    if (tls != null) {
      builder.sslContext(tls);
    }
    client = builder.build();
  }

  @Override
  public List<String> operations() {
    return OPERATIONS;
  }

  @Override
  public BindingResponse invoke(BindingRequest request) throws BindingException {
    Map<String, String> md = request.metadata();
    String target = url;
    String path = md.get("path");
    if (path != null && !path.isEmpty()) {
      target = stripRight(url) + "/" + stripLeft(path);
    }
    boolean failOnStatus = errorIfNot2xx;
    String perCall = md.get("errorIfNot2XX");
    if (perCall != null && !perCall.isEmpty()) {
      failOnStatus = truthy(perCall);
    }
    String method = request.operation().toUpperCase(Locale.ROOT);
    if (method.equals("CREATE")) {
      method = "POST";
    }
    boolean withBody = method.equals("PUT") || method.equals("POST") || method.equals("PATCH");
    HttpRequest.Builder http;
    try {
      http = HttpRequest.newBuilder(URI.create(target));
    } catch (IllegalArgumentException e) {
      throw new BindingException("parse \"" + target + "\": " + e.getMessage());
    }
    http.method(method, withBody ? HttpRequest.BodyPublishers.ofByteArray(request.data())
        : HttpRequest.BodyPublishers.noBody());
    if (responseTimeout != null) {
      http.timeout(responseTimeout);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (withBody && !md.containsKey("Content-Type")) {
      headers.put("content-type", JSON);
    }
    if (!md.containsKey("Accept")) {
      headers.put("accept", JSON);
    }
    if (securityToken != null && securityTokenHeader != null) {
      headers.put(securityTokenHeader.toLowerCase(Locale.ROOT), securityToken);
    }
    md.forEach((k, v) -> {
      if (!k.isEmpty() && k.charAt(0) >= 'A' && k.charAt(0) <= 'Z') {
        headers.put(k.toLowerCase(Locale.ROOT), v);
      }
    });
    for (String trace : List.of("traceparent", "tracestate", "baggage")) {
      String v = md.get(trace);
      if (v != null && !v.isEmpty()) {
        headers.put(trace, v);
      }
    }
    headers.forEach((k, v) -> {
      if (!RESTRICTED.contains(k)) {
        http.setHeader(k, v);
      }
    });
    HttpResponse<InputStream> response;
    byte[] body;
    try {
      response = client.send(http.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        body = maxBody > 0 ? in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody)) : in.readAllBytes();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BindingException(goOp(method) + " \"" + target + "\": interrupted");
    } catch (java.net.http.HttpTimeoutException e) {
      throw new BindingException(goOp(method) + " \"" + target + "\": context deadline exceeded", e);
    } catch (IOException e) {
      throw new BindingException(goOp(method) + " \"" + target + "\": " + describe(e, http.build().uri()), e);
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    int code = response.statusCode();
    metadata.put("statusCode", Integer.toString(code));
    metadata.put("status", code + " " + HttpStatusText.of(code));
    response.headers().map().forEach((k, values) -> {
      if (!k.startsWith(":")) {
        metadata.put(canonical(k), String.join(", ", values));
      }
    });
    if (failOnStatus && code / 100 != 2) {
      throw new BindingException("received status code " + code, metadata, null);
    }
    return new BindingResponse(body, metadata, response.headers().firstValue("content-type").orElse(null));
  }

  /** Go's {@code url.Error} operation: the method with only its first letter in capitals ({@code Post}). */
  private static String goOp(String method) {
    return method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
  }

  /** Why the request failed, in Go's words where they are known. */
  private static String describe(IOException e, URI uri) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.net.ConnectException) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return "dial tcp " + uri.getHost() + ":" + port + ": connect: connection refused";
      }
    }
    String message = e.getMessage();
    return message == null || message.isEmpty() ? e.getClass().getSimpleName() : message;
  }

  /** Go's {@code http.CanonicalHeaderKey}. */
  static String canonical(String key) {
    StringBuilder out = new StringBuilder(key.length());
    boolean upper = true;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == ' ' || c > 127) {
        return key;
      }
      out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return out.toString();
  }

  /** Dapr's {@code IsTruthy}: {@code true}, {@code 1}, {@code y}, {@code yes}, {@code on}, any case. */
  static boolean truthy(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "y", "yes", "true", "t", "on", "1" -> true;
      default -> false;
    };
  }

  private static String stripRight(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(0, end);
  }

  private static String stripLeft(String s) {
    int start = 0;
    while (start < s.length() && s.charAt(start) == '/') {
      start++;
    }
    return s.substring(start);
  }
}
