package io.jdaprd.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.core.Transport;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CauseCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The invoke block's routing of URL targets and {@code HTTPEndpoint} names, as daprd's direct messaging. */
class ExternalInvocationTest {

  /** An external invoker that records calls and answers from a script. */
  private static final class Recorder implements ExternalInvoker {
    final Set<String> endpoints;
    final List<String> targets = new ArrayList<>();
    final List<InvokeRequest> requests = new ArrayList<>();
    final List<RemoteCallException> failures = new ArrayList<>();

    Recorder(String... endpoints) {
      this.endpoints = Set.of(endpoints);
    }

    @Override
    public boolean hasEndpoint(String name) {
      return endpoints.contains(name);
    }

    @Override
    public InvokeResponse invoke(String target, InvokeRequest request) throws RemoteCallException {
      targets.add(target);
      requests.add(request);
      if (!failures.isEmpty()) {
        throw failures.removeFirst();
      }
      return new InvokeResponse(InvokeStatus.http(200), Map.of(), Map.of(), "text/plain",
          InvokeBody.of("ok".getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static InvokeBlock block(ExternalInvoker external, AppInvoker app) {
    TargetResolver failing = (id, ns) -> {
      throw new TargetResolver.UnresolvableException("resolved " + id);
    };
    return new InvokeBlock("me", "default", app, failing, (address, id, ns, request) -> {
      throw new AssertionError("no sidecar call expected");
    }, LocalCallGate.OPEN, new Forwarding("10.0.0.1", "host"), external, Duration.ofMillis(1), () -> true);
  }

  private static InvokeRequest request(String method) {
    return new InvokeRequest(method, "POST", "a=1", Map.of("X-Custom", List.of("v")), "text/plain",
        InvokeBody.of("hi".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aUrlTargetGoesToTheExternalInvokerAsItIsWithoutCallerHeaders() throws Exception {
    Recorder external = new Recorder();
    try (InvokeResponse r = block(external, null).invoke("http://127.0.0.1:9/x", request("a/../b"),
        Transport.HTTP)) {
      assertThat(r.status().code()).isEqualTo(200);
    }
    assertThat(external.targets).containsExactly("http://127.0.0.1:9/x");
    InvokeRequest sent = external.requests.getFirst();
    assertThat(sent.method()).isEqualTo("b");
    assertThat(sent.metadata()).containsOnlyKeys("X-Custom");
    assertThat(sent.body().readAll(100)).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void httpsUrlsAreExternalTooAndAreNotSplitAtDots() throws Exception {
    Recorder external = new Recorder();
    block(external, null).invoke("https://a.b.c", request("m"), Transport.GRPC).close();
    assertThat(external.targets).containsExactly("https://a.b.c");
  }

  @Test
  void anEndpointNameWinsOverThisAppsOwnId() throws Exception {
    Recorder external = new Recorder("me", "ext");
    AppInvoker app = request -> {
      throw new AssertionError("the app must not be called");
    };
    block(external, app).invoke("me", request("m"), Transport.HTTP).close();
    block(external, app).invoke("ext.default", request("m"), Transport.HTTP).close();
    assertThat(external.targets).containsExactly("me", "ext");
    assertThat(external.requests.getFirst().metadata()).doesNotContainKeys("dapr-caller-app-id",
        "dapr-callee-app-id", "X-Forwarded-For", "Forwarded");
  }

  @Test
  void anIdThatIsNoEndpointIsResolvedAsAnAppId() {
    Recorder external = new Recorder("ext");
    assertThatThrownBy(() -> block(external, null).invoke("other", request("m"), Transport.HTTP))
        .isInstanceOf(DaprException.class)
        .hasMessage("failed to invoke, id: other, err: resolved other");
    assertThat(external.targets).isEmpty();
  }

  @Test
  void withoutExternalChannelsAUrlFailsAsDaprdDoes() {
    InvokeBlock b = block(ExternalInvoker.NONE, null);
    assertThatThrownBy(() -> b.invoke("http://127.0.0.1:9", request("m"), Transport.HTTP))
        .isInstanceOfSatisfying(DaprException.class, e -> assertThat(e.httpStatus()).isEqualTo(500))
        .hasMessage("failed to invoke, id: http://127.0.0.1:9, err: cannot invoke http endpoint "
            + "http://127.0.0.1:9: app channel not initialized");
  }

  @Test
  void aFailureOfTheServiceIsErrDirectInvokeWithTheGoText() {
    Recorder external = new Recorder("ext");
    external.failures.add(new RemoteCallException(CauseCode.UNKNOWN,
        "Post \"http://127.0.0.1:1/m\": dial tcp 127.0.0.1:1: connect: connection refused"));
    assertThatThrownBy(() -> block(external, null).invoke("ext", request("m"), Transport.HTTP))
        .isInstanceOfSatisfying(DaprException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(500);
          assertThat(e.errorCode()).isEqualTo("ERR_DIRECT_INVOKE");
        })
        .hasMessage("failed to invoke, id: ext, err: Post \"http://127.0.0.1:1/m\": dial tcp 127.0.0.1:1: "
            + "connect: connection refused");
    assertThat(external.targets).hasSize(1);
  }

  @Test
  void unavailableIsRetriedThreeTimesWithTheSameBody() throws Exception {
    Recorder external = new Recorder("ext");
    for (int i = 0; i < 2; i++) {
      external.failures.add(RemoteCallException.status(CauseCode.UNAVAILABLE, "down"));
    }
    block(external, null).invoke("ext", request("m"), Transport.HTTP).close();
    assertThat(external.targets).hasSize(3);
    for (InvokeRequest r : external.requests) {
      assertThat(r.body().readAll(10)).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
    }

    Recorder always = new Recorder("ext");
    for (int i = 0; i < 4; i++) {
      always.failures.add(RemoteCallException.status(CauseCode.UNAVAILABLE, "down"));
    }
    assertThatThrownBy(() -> block(always, null).invoke("ext", request("m"), Transport.HTTP))
        .hasMessage("failed to invoke, id: ext, err: failed to invoke target ext after 3 retries. Error: "
            + "rpc error: code = Unavailable desc = down");
    assertThat(always.targets).hasSize(4);
  }
}
