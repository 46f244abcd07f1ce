package io.jdaprd.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpServer;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.jdaprd.spi.testkit.grpc.RawBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collector-like endpoints that record the spans sent to them, decoded from the wire: a Zipkin server
 * ({@code POST /api/v2/spans}, Zipkin v2 JSON), an OTLP/HTTP receiver ({@code POST /v1/traces}, protobuf) and an
 * OTLP/gRPC receiver ({@code TraceService/Export}). The OTLP messages are read field by field from the protobuf
 * wire format of opentelemetry-proto ({@code ExportTraceServiceRequest}: resource spans, scope spans, spans), with
 * no OpenTelemetry class involved.
 */
final class TraceCollector implements AutoCloseable {
  /** One received span, whichever the protocol. */
  record Received(String protocol, String service, String traceId, String id, String parentId, String name,
      String kind, JsonNode tags) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ConcurrentLinkedQueue<Received> spans = new ConcurrentLinkedQueue<>();
  private final HttpServer http;
  private final Server grpc;

  TraceCollector() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/api/v2/spans", exchange -> {
      try (exchange) {
        for (JsonNode s : JSON.readTree(exchange.getRequestBody())) {
          spans.add(new Received("zipkin", s.path("localEndpoint").path("serviceName").asText(),
              s.path("traceId").asText(), s.path("id").asText(), s.path("parentId").asText(""),
              s.path("name").asText(), s.path("kind").asText(""), s.path("tags")));
        }
        exchange.sendResponseHeaders(202, -1);
      }
    });
    http.createContext("/v1/traces", exchange -> {
      try (exchange) {
        otlp("otlp-http", exchange.getRequestBody().readAllBytes());
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
      }
    });
    http.start();
    MethodDescriptor<byte[], byte[]> export = RawBytes.method(
        "opentelemetry.proto.collector.trace.v1.TraceService/Export", MethodDescriptor.MethodType.UNARY);
    grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerServiceDefinition.builder("opentelemetry.proto.collector.trace.v1.TraceService")
            .addMethod(export, ServerCalls.asyncUnaryCall((byte[] request, io.grpc.stub.StreamObserver<byte[]> out)
                -> {
              otlp("otlp-grpc", request);
              out.onNext(new byte[0]);
              out.onCompleted();
            })).build())
        .build().start();
  }

  /** The Zipkin endpoint URL. */
  String zipkinUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/api/v2/spans";
  }

  /** The OTLP/HTTP {@code endpointAddress} ({@code host:port}). */
  String otlpHttpAddress() {
    return "127.0.0.1:" + http.getAddress().getPort();
  }

  /** The OTLP/gRPC {@code endpointAddress}. */
  String otlpGrpcAddress() {
    return "127.0.0.1:" + grpc.getPort();
  }

  List<Received> spans() {
    return List.copyOf(spans);
  }

  private void otlp(String protocol, byte[] body) {
    try {
      UnknownFieldSet request = UnknownFieldSet.parseFrom(body);
      for (ByteString rs : request.getField(1).getLengthDelimitedList()) {
        UnknownFieldSet resourceSpans = UnknownFieldSet.parseFrom(rs);
        String service = "";
        for (ByteString resource : resourceSpans.getField(1).getLengthDelimitedList()) {
          for (ByteString kv : UnknownFieldSet.parseFrom(resource).getField(1).getLengthDelimitedList()) {
            UnknownFieldSet attribute = UnknownFieldSet.parseFrom(kv);
            if (string(attribute, 1).equals("service.name")) {
              service = string(UnknownFieldSet.parseFrom(attribute.getField(2).getLengthDelimitedList().get(0)), 1);
            }
          }
        }
        for (ByteString ss : resourceSpans.getField(2).getLengthDelimitedList()) {
          for (ByteString sp : UnknownFieldSet.parseFrom(ss).getField(2).getLengthDelimitedList()) {
            UnknownFieldSet span = UnknownFieldSet.parseFrom(sp);
            long kind = span.getField(6).getVarintList().isEmpty() ? 0 : span.getField(6).getVarintList().get(0);
            spans.add(new Received(protocol, service, hex(span, 1), hex(span, 2), hex(span, 4), string(span, 5),
                List.of("", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER").get((int) kind), null));
          }
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String string(UnknownFieldSet message, int field) {
    List<ByteString> values = message.getField(field).getLengthDelimitedList();
    return values.isEmpty() ? "" : values.get(0).toStringUtf8();
  }

  private static String hex(UnknownFieldSet message, int field) {
    List<ByteString> values = message.getField(field).getLengthDelimitedList();
    return values.isEmpty() ? "" : HexFormat.of().formatHex(values.get(0).toByteArray());
  }

  @Override
  public void close() {
    http.stop(0);
    grpc.shutdownNow();
  }
}
