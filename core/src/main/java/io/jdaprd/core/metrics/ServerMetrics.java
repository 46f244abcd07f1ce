package io.jdaprd.core.metrics;

import static io.jdaprd.core.metrics.Families.millis;
import static io.jdaprd.core.metrics.Families.status;

/**
 * The transport families: requests served by the HTTP and gRPC APIs ({@code dapr_http_server_*},
 * {@code dapr_grpc_io_server_*}) and calls of the app through the app channel ({@code dapr_http_client_*},
 * {@code dapr_grpc_io_client_*}). Recorded through {@link Metrics}.
 */
final class ServerMetrics {
  private final boolean enabled;
  private final HttpPathLabels httpLabels;

  final Family<Series.Counter> httpServerRequestCount;
  final Family<Series.Histogram> httpServerLatency;
  final Family<Series.Histogram> httpServerRequestBytes;
  final Family<Series.Histogram> httpServerResponseBytes;
  final Family<Series.Histogram> httpClientSentBytes;
  final Family<Series.Histogram> httpClientReceivedBytes;
  final Family<Series.Histogram> httpClientLatency;
  final Family<Series.Counter> httpClientCompleted;
  final Family<Series.Histogram> grpcServerReceivedBytes;
  final Family<Series.Histogram> grpcServerSentBytes;
  final Family<Series.Histogram> grpcServerLatency;
  final Family<Series.Counter> grpcServerCompleted;
  final Family<Series.Histogram> grpcClientSentBytes;
  final Family<Series.Histogram> grpcClientReceivedBytes;
  final Family<Series.Histogram> grpcClientLatency;
  final Family<Series.Counter> grpcClientCompleted;

  ServerMetrics(Families b, boolean enabled, HttpPathLabels httpLabels) {
    this.enabled = enabled;
    this.httpLabels = httpLabels;
    httpServerRequestCount = b.counter("http_server_request_count", "Count of HTTP requests processed by the server.",
        "method", "path", "status");
    httpServerLatency = b.latency("http_server_latency", "HTTP request end-to-end latency in server.",
        "method", "path", "status");
    httpServerRequestBytes = b.size("http_server_request_bytes",
        "HTTP request body size if set as ContentLength (uncompressed) in server.");
    httpServerResponseBytes = b.size("http_server_response_bytes", "HTTP response body size (uncompressed) in server.");
    httpClientSentBytes = b.size("http_client_sent_bytes", "Total bytes sent in request body (not including headers)",
        "method", "path", "status");
    httpClientReceivedBytes = b.size("http_client_received_bytes", "Total bytes received in response bodies (not "
        + "including headers but including error responses with bodies)");
    httpClientLatency = b.latency("http_client_roundtrip_latency", "Time between first byte of request headers sent "
        + "to last byte of response received, or terminal error", "method", "path", "status");
    httpClientCompleted = b.counter("http_client_completed_count", "Count of completed requests",
        "method", "path", "status");
    grpcServerReceivedBytes = b.size("grpc_io_server_received_bytes_per_rpc",
        "Total bytes received across all messages per RPC.", "grpc_server_method");
    grpcServerSentBytes = b.size("grpc_io_server_sent_bytes_per_rpc",
        "Total bytes sent in across all response messages per RPC.", "grpc_server_method");
    grpcServerLatency = b.latency("grpc_io_server_server_latency", "Time between first byte of request received to "
        + "last byte of response sent, or terminal error.", "grpc_server_method", "grpc_server_status");
    grpcServerCompleted = b.counter("grpc_io_server_completed_rpcs", "Distribution of bytes sent per RPC, by method.",
        "grpc_server_method", "grpc_server_status");
    grpcClientSentBytes = b.size("grpc_io_client_sent_bytes_per_rpc",
        "Total bytes sent across all request messages per RPC.", "grpc_client_method");
    grpcClientReceivedBytes = b.size("grpc_io_client_received_bytes_per_rpc",
        "Total bytes received across all response messages per RPC.", "grpc_client_method");
    grpcClientLatency = b.latency("grpc_io_client_roundtrip_latency", "Time between first byte of request sent to "
        + "last byte of response received, or terminal error.", "grpc_client_method", "grpc_client_status");
    grpcClientCompleted = b.counter("grpc_io_client_completed_rpcs", "Count of RPCs by method and status.",
        "grpc_client_method", "grpc_client_status");
  }

  void httpServerRequest(String method, String path, int status, long requestBytes, long responseBytes,
      long elapsedNanos) {
    if (!enabled) {
      return;
    }
    String m = httpLabels.method(method);
    String p = httpLabels.path(path);
    String s = status(status);
    httpServerRequestCount.series(m, p, s).inc();
    httpServerLatency.series(m, p, s).observe(millis(elapsedNanos));
    httpServerRequestBytes.series().observe(Math.max(requestBytes, 0));
    httpServerResponseBytes.series().observe(Math.max(responseBytes, 0));
  }

  void httpClientRequest(String method, String path, int status, long sentBytes, long receivedBytes,
      long elapsedNanos) {
    if (!enabled) {
      return;
    }
    String m = httpLabels.method(method);
    String p = httpLabels.clientPath(path);
    String s = status(status);
    httpClientSentBytes.series(m, p, "").observe(Math.max(sentBytes, 0));
    httpClientCompleted.series(m, p, s).inc();
    httpClientLatency.series(m, p, s).observe(millis(elapsedNanos));
    httpClientReceivedBytes.series().observe(Math.max(receivedBytes, 0));
  }

  void grpcServerCall(String method, String status, long receivedBytes, long sentBytes, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    grpcServerCompleted.series(method, status).inc();
    grpcServerReceivedBytes.series(method).observe(receivedBytes);
    grpcServerSentBytes.series(method).observe(sentBytes);
    grpcServerLatency.series(method, status).observe(millis(elapsedNanos));
  }

  void grpcServerStream(String method, String status, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    grpcServerCompleted.series(method, status).inc();
    grpcServerLatency.series(method, status).observe(millis(elapsedNanos));
  }

  void grpcClientCall(String method, String status, long sentBytes, long receivedBytes, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    grpcClientCompleted.series(method, status).inc();
    grpcClientLatency.series(method, status).observe(millis(elapsedNanos));
    grpcClientSentBytes.series(method).observe(sentBytes);
    grpcClientReceivedBytes.series(method).observe(receivedBytes);
  }
}
