package io.jdaprd.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.grpc.Status;
import io.jdaprd.core.Transport;
import io.jdaprd.core.resiliency.Resiliency;
import io.jdaprd.core.resiliency.ResiliencyParser;
import io.jdaprd.core.resiliency.Ticker;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CauseCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Service invocation under an app's resiliency policy: retried answers, matching, the breaker, daprd's errors. */
class InvokeResiliencyTest {
  private static final Ticker NO_WAIT = new Ticker() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(Duration d) {
    }

    @Override
    public double random() {
      return 0.5;
    }
  };

  private final AtomicInteger calls = new AtomicInteger();
  private final List<String> bodies = new CopyOnWriteArrayList<>();

  private static Resiliency resiliency(String retry, String breaker) throws IOException {
    String yaml = """
        kind: Resiliency
        metadata: {name: r}
        spec:
          policies:
            retries:
              r: %s
            circuitBreakers:
              cb: %s
          targets:
            apps:
              other: {retry: r, circuitBreaker: cb}
        """.formatted(retry, breaker);
    return Resiliency.of(List.of(ResiliencyParser.parse(new YAMLMapper().readTree(yaml))), NO_WAIT);
  }

  private InvokeBlock block(Resiliency resiliency, int... statuses) {
    RemoteSidecars remote = (address, id, ns, request) -> {
      int call = calls.getAndIncrement();
      try {
        bodies.add(new String(request.body().readAll(100)));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      int status = statuses[Math.min(call, statuses.length - 1)];
      if (status < 0) {
        throw RemoteCallException.status(CauseCode.UNAVAILABLE, "down");
      }
      return new InvokeResponse(InvokeStatus.http(status), Map.of(), Map.of(), "", InvokeBody.of(
          ("answer " + call).getBytes()));
    };
    return new InvokeBlock("me", "prod", null, (id, ns) -> "127.0.0.1:1", remote, LocalCallGate.OPEN,
        Forwarding.NONE, ExternalInvoker.NONE, Duration.ofMillis(1), () -> true, resiliency);
  }

  private static InvokeRequest request() {
    return new InvokeRequest("m", "POST", "", Map.of(), "", new InvokeBody(new ByteArrayInputStream("abc".getBytes()),
        3));
  }

  private static String body(InvokeResponse r) throws IOException {
    try (r) {
      return new String(r.body().readAll(100));
    }
  }

  @Test
  void errorAnswersAreRetriedWithTheWholeBodyEachTime() throws Exception {
    InvokeBlock b = block(resiliency("{policy: constant, duration: 1s, maxRetries: 3}", "{}"), 500, 503, 200);
    InvokeResponse r = b.invoke("other", request(), Transport.HTTP);
    assertThat(r.status().code()).isEqualTo(200);
    assertThat(body(r)).isEqualTo("answer 2");
    assertThat(bodies).containsExactly("abc", "abc", "abc");
  }

  @Test
  void whenRetriesRunOutTheLastAnswerIsReturned() throws Exception {
    InvokeBlock b = block(resiliency("{policy: constant, maxRetries: 2}", "{}"), 500);
    InvokeResponse r = b.invoke("other", request(), Transport.HTTP);
    assertThat(r.status().code()).isEqualTo(500);
    assertThat(body(r)).isEqualTo("answer 2");
    assertThat(calls).hasValue(3);
  }

  @Test
  void matchingRetriesOnlyTheListedStatusesOverHttp() throws Exception {
    InvokeBlock b = block(resiliency("{maxRetries: 2, matching: {httpStatusCodes: \"503\"}}", "{}"), 500);
    assertThat(b.invoke("other", request(), Transport.HTTP).status().code()).isEqualTo(500);
    assertThat(calls).hasValue(1);
    calls.set(0);
    assertThat(b.invoke("other", request(), Transport.GRPC).status().code()).isEqualTo(500);
    assertThat(calls).as("daprd's gRPC API retries any error").hasValue(3);
  }

  @Test
  void anOpenBreakerIsDaprdsErrorOnEachTransport() throws Exception {
    InvokeBlock b = block(resiliency("{maxRetries: 0}", "{trip: consecutiveFailures >= 2}"), 500);
    b.invoke("other", request(), Transport.HTTP).close();
    b.invoke("other", request(), Transport.HTTP).close();
    assertThatThrownBy(() -> b.invoke("other", request(), Transport.HTTP)).isInstanceOfSatisfying(
        DaprException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("failed to invoke, id: other, err: circuit breaker is open");
          assertThat(e.errorCode()).isEqualTo("ERR_DIRECT_INVOKE");
        });
    assertThatThrownBy(() -> b.invoke("other", request(), Transport.GRPC)).isInstanceOfSatisfying(
        DaprException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("circuit breaker is open");
          assertThat(e.grpcCode()).isEqualTo(Status.Code.UNKNOWN);
        });
    assertThat(calls).hasValue(2);
  }

  private static Resiliency builtInOverride(String retry) throws IOException {
    String yaml = """
        kind: Resiliency
        metadata: {name: r}
        spec:
          policies:
            retries:
              DaprBuiltInServiceRetries: %s
        """.formatted(retry);
    return Resiliency.of(List.of(ResiliencyParser.parse(new YAMLMapper().readTree(yaml))), NO_WAIT);
  }

  @Test
  void aResiliencyResourceReplacesTheBuiltInServiceRetries() throws Exception {
    InvokeBlock b = block(builtInOverride("{policy: constant, duration: 1h, maxRetries: 5}"), -1, -1, -1, -1, -1,
        200);
    InvokeResponse r = b.invoke("other", request(), Transport.HTTP);
    assertThat(r.status().code()).isEqualTo(200);
    assertThat(calls).hasValue(6);
    assertThat(bodies).hasSize(6).containsOnly("abc");
  }

  @Test
  void whenTheOverridingRetriesRunOutDaprdsMessageCountsThem() throws Exception {
    InvokeBlock b = block(builtInOverride("{policy: exponential, maxInterval: 1h, maxRetries: 4}"), -1);
    assertThatThrownBy(() -> b.invoke("other", request(), Transport.HTTP)).hasMessage(
        "failed to invoke, id: other, err: failed to invoke target other after 4 retries. Error: rpc error: "
            + "code = Unavailable desc = down");
    assertThat(calls).hasValue(5);
  }

  @Test
  void anOverrideBelowThreeRetriesIsRaisedToThreeAsDaprdDoes() throws Exception {
    InvokeBlock b = block(builtInOverride("{policy: constant, duration: 1h, maxRetries: 1}"), -1);
    assertThatThrownBy(() -> b.invoke("other", request(), Transport.HTTP)).hasMessageContaining("after 3 retries");
    assertThat(calls).hasValue(4);
  }

  @Test
  void anAppWithAPolicyDoesNotGetTheBuiltInServiceRetries() throws Exception {
    InvokeBlock b = block(resiliency("{policy: constant, maxRetries: 1}", "{}"), -1);
    assertThatThrownBy(() -> b.invoke("other", request(), Transport.HTTP)).hasMessage(
        "failed to invoke, id: other, err: rpc error: code = Unavailable desc = down");
    assertThat(calls).hasValue(2);
  }
}
