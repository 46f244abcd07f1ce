package io.jdaprd.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.core.Transport;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.metrics.MetricsSpec;
import io.jdaprd.core.resiliency.Resiliency;
import io.jdaprd.errors.factories.CauseCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** daprd's {@code dapr_runtime_service_invocation_*} counters on the caller's and the callee's side. */
class InvokeMetricsTest {
  private final Metrics metrics = new Metrics("me", null, MetricsSpec.DEFAULT);
  private final AtomicInteger calls = new AtomicInteger();

  private InvokeBlock block(AppInvoker app, int... answers) {
    RemoteSidecars remote = (address, id, ns, request) -> {
      int status = answers[Math.min(calls.getAndIncrement(), answers.length - 1)];
      if (status < 0) {
        throw RemoteCallException.status(CauseCode.UNAVAILABLE, "down");
      }
      return new InvokeResponse(InvokeStatus.http(status), Map.of(), Map.of(), "", InvokeBody.empty());
    };
    return new InvokeBlock("me", "prod", app, (id, ns) -> "127.0.0.1:1", remote, LocalCallGate.OPEN,
        Forwarding.NONE, ExternalInvoker.NONE, Duration.ofMillis(1), () -> true, Resiliency.builtIn())
        .recordingIn(metrics);
  }

  private static InvokeRequest request(Map<String, List<String>> metadata) {
    return new InvokeRequest("m", "POST", "", metadata, "", InvokeBody.of("abc".getBytes()));
  }

  @Test
  void theCallerCountsEachAttemptAndEachAnswer() throws Exception {
    InvokeBlock b = block(null, -1, 404);
    b.invoke("other", request(Map.of()), Transport.HTTP).close();
    String text = metrics.scrape(false);
    assertThat(text).contains("dapr_runtime_service_invocation_req_sent_total{app_id=\"me\",dst_app_id=\"other\","
        + "type=\"unary\"} 2\n");
    assertThat(text).contains("dapr_runtime_service_invocation_res_recv_total{app_id=\"me\",src_app_id=\"other\","
        + "status=\"404\",type=\"unary\"} 1\n");
    assertThat(text).contains("dapr_runtime_service_invocation_res_recv_latency_ms_count{app_id=\"me\","
        + "src_app_id=\"other\",status=\"404\"} 1\n");
  }

  @Test
  void theCalleeCountsTheRequestAndItsAnswerByCaller() throws Exception {
    InvokeBlock ok = block(r -> new InvokeResponse(InvokeStatus.http(201), Map.of(), Map.of(), "",
        InvokeBody.empty()));
    ok.callLocal(request(Map.of("dapr-caller-app-id", List.of("front"))), null).close();
    InvokeBlock failing = block(r -> {
      throw new AppInvoker.AppCallFailure("refused", null);
    });
    assertThatThrownBy(() -> failing.callLocal(request(Map.of()), null));
    String text = metrics.scrape(false);
    assertThat(text).contains("dapr_runtime_service_invocation_req_recv_total{app_id=\"me\",src_app_id=\"front\"} 1\n")
        .contains("dapr_runtime_service_invocation_req_recv_total{app_id=\"me\",src_app_id=\"unknown\"} 1\n")
        .contains("dapr_runtime_service_invocation_res_sent_total{app_id=\"me\",dst_app_id=\"front\",status=\"201\"} 1\n")
        .contains("dapr_runtime_service_invocation_res_sent_total{app_id=\"me\",dst_app_id=\"unknown\",status=\"13\"} 1\n");
  }
}
