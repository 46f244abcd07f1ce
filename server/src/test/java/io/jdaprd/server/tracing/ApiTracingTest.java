package io.jdaprd.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.Server;
import io.jdaprd.core.tracing.TraceContext;
import io.jdaprd.core.tracing.Tracing;
import io.jdaprd.core.tracing.TracingSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trace headers the API decorators answer and hand on, at daprd's default sampling (a span context per call,
 * nothing recorded): the caller's trace continues, the handler sees the span's own context, an HTTP answer carries it
 * unless the handler answered one of its own (invocation), a gRPC answer carries {@code grpc-trace-bin} but for
 * {@code InvokeService}.
 */
class ApiTracingTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER = "00-" + TRACE + "-00f067aa0ba902b7-00";
  private static final String APPS_OWN = "00-" + TRACE + "-1111111111111111-01";

  private static final List<String> SEEN_BY_HANDLER = new CopyOnWriteArrayList<>();
  private static Tracing tracing;
  private static Server http;
  private static Server grpc;

  @BeforeAll
  static void start() {
    tracing = OtelTracing.create(TracingSpec.parse(MissingNode.getInstance(), Map.of()), "app");
    http = Server.builder().http(0)
        .service("prefix:/v1.0/state/", (ctx, req) -> {
          SEEN_BY_HANDLER.add(req.headers().get(TraceContext.TRACEPARENT));
          return HttpResponse.of(HttpStatus.NO_CONTENT);
        })
        .service("prefix:/v1.0/invoke/", (ctx, req) -> HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK)
            .set(TraceContext.TRACEPARENT, APPS_OWN).build()))
        .decorator(ApiTracing.http(tracing)).build();
    http.start().join();
    grpc = Server.builder().http(0)
        .service("prefix:/dapr.proto.runtime.v1.Dapr/", (ctx, req) -> {
          SEEN_BY_HANDLER.add(ctx.attr(io.jdaprd.api.grpc.calls.GrpcCalls.TRACE).traceparent());
          return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(
              com.linecorp.armeria.common.MediaType.parse("application/grpc")).set("grpc-status", "0").build());
        })
        .decorator(ApiTracing.grpc(tracing, "app")).build();
    grpc.start().join();
  }

  @BeforeEach
  void forget() {
    SEEN_BY_HANDLER.clear();
  }

  @AfterAll
  static void stop() {
    http.stop().join();
    grpc.stop().join();
    tracing.close();
  }

  private static AggregatedHttpResponse call(Server server, HttpMethod method, String path, String traceparent) {
    RequestHeaders headers = RequestHeaders.builder(method, path).set(TraceContext.TRACEPARENT, traceparent).build();
    return WebClient.of("http://127.0.0.1:" + server.activeLocalPort()).execute(headers).aggregate().join();
  }

  @Test
  void anHttpAnswerCarriesTheSpanTheHandlerSaw() {
    AggregatedHttpResponse answer = call(http, HttpMethod.GET, "/v1.0/state/store/key", CALLER);

    TraceContext answered = TraceContext.fromTraceparent(answer.headers().get(TraceContext.TRACEPARENT));
    assertThat(answered.traceId()).as("the caller's trace continues").isEqualTo(TRACE);
    assertThat(answered.spanId()).as("a span of its own").isNotEqualTo("00f067aa0ba902b7");
    assertThat(SEEN_BY_HANDLER).containsExactly(answered.traceparent());
    assertThat(answer.headers().getAll(TraceContext.TRACEPARENT)).hasSize(1);
  }

  @Test
  void aCallWithoutATraceStartsOne() {
    AggregatedHttpResponse answer = WebClient.of("http://127.0.0.1:" + http.activeLocalPort())
        .get("/v1.0/state/store/key").aggregate().join();

    TraceContext answered = TraceContext.fromTraceparent(answer.headers().get(TraceContext.TRACEPARENT));
    assertThat(answered).as("a valid traceparent, ids not all zero: %s", answer.headers()).isNotNull();
    assertThat(SEEN_BY_HANDLER).containsExactly(answered.traceparent());
  }

  @Test
  void anInvocationKeepsTheTraceparentItsAnswerCarries() {
    AggregatedHttpResponse answer = call(http, HttpMethod.POST, "/v1.0/invoke/other/method/m", CALLER);

    assertThat(answer.headers().getAll(TraceContext.TRACEPARENT)).containsExactly(APPS_OWN);
  }

  @Test
  void aGrpcAnswerCarriesTheSpanInBinaryButInvokeServiceDoesNot() {
    AggregatedHttpResponse answer = call(grpc, HttpMethod.POST, "/dapr.proto.runtime.v1.Dapr/GetMetadata", CALLER);
    AggregatedHttpResponse invoke = call(grpc, HttpMethod.POST, "/dapr.proto.runtime.v1.Dapr/InvokeService", CALLER);

    TraceContext answered = TraceContext.fromBinary(Base64.getDecoder().decode(
        answer.headers().get(TraceContext.GRPC_TRACE_BIN)));
    assertThat(answered.traceId()).isEqualTo(TRACE);
    assertThat(SEEN_BY_HANDLER.get(0)).isEqualTo(answered.traceparent());
    assertThat(invoke.headers().contains(TraceContext.GRPC_TRACE_BIN)).isFalse();
  }
}
