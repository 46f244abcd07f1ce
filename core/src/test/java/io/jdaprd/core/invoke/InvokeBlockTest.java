package io.jdaprd.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.core.Transport;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CauseCode;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The caller's routing of {@link InvokeBlock}: ids and namespaces, retries, the own app, daprd's error texts. */
class InvokeBlockTest {
  private final List<String> resolved = new CopyOnWriteArrayList<>();
  private final AtomicInteger remoteCalls = new AtomicInteger();

  private static InvokeRequest request(long length) {
    return new InvokeRequest("m", "POST", "", Map.of(), "", new InvokeBody(new ByteArrayInputStream(new byte[3]),
        length));
  }

  private static InvokeResponse ok() {
    return new InvokeResponse(InvokeStatus.http(200), Map.of(), Map.of(), "", InvokeBody.empty());
  }

  private InvokeBlock block(RemoteSidecars remote, AppInvoker app, AtomicBoolean healthy) {
    return new InvokeBlock("me", "prod", app, (id, ns) -> {
      resolved.add(ns + "/" + id);
      if (id.equals("ghost")) {
        throw new TargetResolver.UnresolvableException("no host found with the given ID");
      }
      return "127.0.0.1:1";
    }, remote, LocalCallGate.OPEN, Forwarding.NONE, ExternalInvoker.NONE, Duration.ofMillis(1), healthy::get);
  }

  @Test
  void anIdWithoutNamespaceIsLookedUpInTheCallersOwn() {
    InvokeBlock b = block((a, id, ns, r) -> ok(), null, new AtomicBoolean(true));
    b.invoke("other", request(3), Transport.HTTP).close();
    b.invoke("other.test", request(3), Transport.HTTP).close();
    assertThat(resolved).containsExactly("prod/other", "test/other");
    assertThatThrownBy(() -> b.invoke("a.b.c", request(3), Transport.HTTP)).isInstanceOfSatisfying(
        DaprException.class, e -> assertThat(e.getMessage()).isEqualTo(
            "failed to invoke, id: a.b.c, err: invalid app id a.b.c"));
  }

  @Test
  void anUnavailableSidecarIsTriedFourTimesThenReported() {
    InvokeBlock b = block((a, id, ns, r) -> {
      remoteCalls.incrementAndGet();
      throw RemoteCallException.status(CauseCode.UNAVAILABLE, "down");
    }, null, new AtomicBoolean(true));
    assertThatThrownBy(() -> b.invoke("other", request(3), Transport.HTTP)).isInstanceOfSatisfying(
        DaprException.class, e -> assertThat(e.getMessage()).isEqualTo("failed to invoke, id: other, err: failed "
            + "to invoke target other after 3 retries. Error: rpc error: code = Unavailable desc = down"));
    assertThat(remoteCalls).hasValue(4);
  }

  @Test
  void aStreamingRequestIsSentOnceAndOtherFailuresAreNotRetried() {
    InvokeBlock b = block((a, id, ns, r) -> {
      remoteCalls.incrementAndGet();
      throw RemoteCallException.status(remoteCalls.get() == 1 ? CauseCode.UNAVAILABLE : CauseCode.INTERNAL, "x");
    }, null, new AtomicBoolean(true));
    assertThatThrownBy(() -> b.invoke("other", request(-1), Transport.HTTP)).isInstanceOf(DaprException.class);
    assertThat(remoteCalls).hasValue(1);
    assertThatThrownBy(() -> b.invoke("other", request(3), Transport.HTTP)).isInstanceOfSatisfying(
        DaprException.class, e -> assertThat(e.getMessage()).endsWith("code = Internal desc = x"));
    assertThat(remoteCalls).hasValue(2);
  }

  @Test
  void anUnknownIdIsTheResolversWords() {
    InvokeBlock b = block((a, id, ns, r) -> ok(), null, new AtomicBoolean(true));
    assertThatThrownBy(() -> b.invoke("ghost", request(3), Transport.HTTP)).isInstanceOfSatisfying(
        DaprException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(500);
          assertThat(e.getMessage()).isEqualTo("failed to invoke, id: ghost, err: no host found with the given ID");
        });
  }

  @Test
  void theOwnAppIsCalledDirectlyWithTheCallerHeadersAndNotWhenUnhealthy() {
    List<InvokeRequest> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean healthy = new AtomicBoolean(true);
    InvokeBlock b = block((a, id, ns, r) -> {
      throw new AssertionError("no remote call for the own app");
    }, r -> {
      seen.add(r);
      return ok();
    }, healthy);
    b.invoke("me", request(3), Transport.HTTP).close();
    assertThat(resolved).isEmpty();
    assertThat(seen.getFirst().metadata()).containsEntry("dapr-caller-app-id", List.of("me"))
        .containsEntry("dapr-callee-app-id", List.of("me")).containsEntry("dapr-caller-namespace", List.of("prod"));
    healthy.set(false);
    assertThatThrownBy(() -> b.invoke("me.prod", request(3), Transport.HTTP)).isInstanceOfSatisfying(
        DaprException.class, e -> assertThat(e.getMessage()).isEqualTo("failed to invoke, id: me.prod, err: rpc "
            + "error: code = Internal desc = app is not in a healthy state"));
  }

  @Test
  void noTargetOverHttpIsTheNotFoundError() {
    InvokeBlock b = block((a, id, ns, r) -> ok(), null, new AtomicBoolean(true));
    assertThatThrownBy(() -> b.invoke(null, request(0), Transport.HTTP)).isInstanceOfSatisfying(
        DaprException.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
    assertThatThrownBy(() -> b.invoke("", request(0), Transport.GRPC)).isInstanceOfSatisfying(
        DaprException.class, e -> assertThat(e.getMessage()).isEqualTo(
            "failed to invoke, id: , err: app id is empty"));
  }
}
