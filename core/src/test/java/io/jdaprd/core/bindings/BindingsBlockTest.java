package io.jdaprd.core.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.bindings.BindingEvent;
import io.jdaprd.spi.bindings.BindingRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BindingsBlockTest {
  private final MemoryBinding mem = new MemoryBinding();

  private BindingsBlock block(Map<String, String> metadata) {
    return new BindingsBlock(Bindings.of(List.of(new Bindings.Entry("mem", mem, metadata))));
  }

  private static BindingRequest request(String operation) {
    return new BindingRequest(operation, "{}".getBytes(StandardCharsets.UTF_8), Map.of());
  }

  @Test
  @DisplayName("daprd's order: a missing operation is reported before an unknown binding")
  void operationMissingFirst() {
    BindingInvocation outcome = block(Map.of()).invoke("nope", request(""));
    assertThat(outcome.error().errorCode()).isEqualTo("ERR_INVOKE_OUTPUT_BINDING");
    assertThat(outcome.error().getMessage())
        .isEqualTo("error invoking output binding nope: operation field is missing from request");
    assertThat(outcome.error().httpStatus()).isEqualTo(500);
  }

  @Test
  @DisplayName("an unknown binding, then an unlisted operation, each with daprd's text; the component is not called")
  void notFoundThenNotSupported() {
    BindingsBlock block = block(Map.of());
    assertThat(block.invoke("nope", request("create")).error().getMessage())
        .isEqualTo("error invoking output binding nope: couldn't find output binding nope");
    assertThat(block.invoke("mem", request("list")).error().getMessage())
        .isEqualTo("error invoking output binding mem: binding mem does not support operation list. supported"
            + " operations:create get fail nothing");
    assertThat(mem.received).isEmpty();
  }

  @Test
  @DisplayName("an answer comes back with its metadata; EMPTY is daprd's nil answer")
  void answers() {
    BindingsBlock block = block(Map.of());
    BindingInvocation got = block.invoke("mem", request("get"));
    assertThat(got.ok()).isTrue();
    assertThat(new String(got.response().data(), StandardCharsets.UTF_8)).isEqualTo("answer");
    assertThat(got.metadata()).containsEntry("k", "v");
    BindingInvocation nothing = block.invoke("mem", request("nothing"));
    assertThat(nothing.ok()).isTrue();
    assertThat(nothing.response()).as("nil: HTTP 204").isNull();
    BindingInvocation empty = block.invoke("mem", request("create"));
    assertThat(empty.response()).as("an empty but present answer: HTTP 200").isNotNull();
    assertThat(mem.received).extracting(BindingRequest::operation).containsExactly("get", "nothing", "create");
  }

  @Test
  @DisplayName("a component failure is ERR_INVOKE_OUTPUT_BINDING with its message, its metadata kept")
  void failureKeepsMetadata() {
    BindingInvocation outcome = block(Map.of()).invoke("mem", request("fail"));
    assertThat(outcome.error().getMessage()).isEqualTo("error invoking output binding mem: backend said no");
    assertThat(outcome.metadata()).containsEntry("statusCode", "503");
  }

  @Test
  @DisplayName("direction restricts what a component serves, and the capabilities say so")
  void direction() {
    assertThat(block(Map.of("direction", "input")).invoke("mem", request("get")).error().getMessage())
        .endsWith("couldn't find output binding mem");
    assertThat(block(Map.of("direction", "input")).capabilities("mem")).containsExactly("INPUT_BINDING");
    assertThat(block(Map.of("direction", " Output ")).capabilities("mem")).containsExactly("OUTPUT_BINDING");
    assertThat(block(Map.of("DIRECTION", "input, output")).capabilities("mem"))
        .containsExactly("INPUT_BINDING", "OUTPUT_BINDING");
    assertThat(block(Map.of()).capabilities("mem")).containsExactly("INPUT_BINDING", "OUTPUT_BINDING");
  }

  /** An app that records probes and deliveries. */
  private static final class App implements BindingApp {
    final List<String> probed = new CopyOnWriteArrayList<>();
    final List<BindingEventDelivery> delivered = new CopyOnWriteArrayList<>();
    boolean takes = true;
    boolean fails;
    BindingEventReply reply = BindingEventReply.of("ok".getBytes(StandardCharsets.UTF_8));

    @Override
    public boolean takesBinding(String name, String route) {
      probed.add(name + "@" + route);
      return takes;
    }

    @Override
    public BindingEventReply deliverBindingEvent(BindingEventDelivery event) throws BindingDeliveryException {
      delivered.add(event);
      if (fails) {
        throw new BindingDeliveryException("fails to send binding event to http app channel, status code: 500"
            + " body: no");
      }
      return reply;
    }
  }

  @Test
  @DisplayName("the app is asked at the route; events reach it with data and metadata; its body goes back")
  void deliversToTheApp() {
    App app = new App();
    BindingsBlock block = block(Map.of("route", "/in"));
    assertThat(block.startReading(app)).containsExactly("mem");
    assertThat(app.probed).containsExactly("mem@/in");
    Object answer = mem.push(new BindingEvent("tick".getBytes(StandardCharsets.UTF_8), Map.of("a", "b"), null));
    assertThat(answer).isEqualTo("ok".getBytes(StandardCharsets.UTF_8));
    assertThat(app.delivered).singleElement().satisfies(d -> {
      assertThat(d.name()).isEqualTo("mem");
      assertThat(d.route()).isEqualTo("/in");
      assertThat(new String(d.data(), StandardCharsets.UTF_8)).isEqualTo("tick");
      assertThat(d.metadata()).containsEntry("a", "b");
    });
  }

  @Test
  @DisplayName("an app that does not take the binding is not delivered to; direction input skips the question")
  void probe() {
    App app = new App();
    app.takes = false;
    assertThat(block(Map.of()).startReading(app)).isEmpty();
    assertThat(mem.readers).isEmpty();
    App second = new App();
    second.takes = false;
    assertThat(block(Map.of("direction", "input")).startReading(second)).containsExactly("mem");
    assertThat(second.probed).isEmpty();
  }

  @Test
  @DisplayName("an app error goes back to the component, so a redelivering backend keeps the event")
  void appErrorReachesComponent() {
    App app = new App();
    app.fails = true;
    block(Map.of()).startReading(app);
    Object answer = mem.push(new BindingEvent(new byte[0], Map.of(), null));
    assertThat(answer).isInstanceOf(BindingDeliveryException.class);
    assertThat(((Exception) answer).getMessage()).contains("status code: 500");
  }

  @Test
  @DisplayName("after stopReading the readers are closed and a late event is refused")
  void stopReading() throws Exception {
    App app = new App();
    BindingsBlock block = block(Map.of());
    block.startReading(app);
    MemoryBinding.Reader reader = mem.readers.get(0);
    block.stopReading();
    assertThat(reader.closed).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.handler.handle(new BindingEvent(null, null, null)))
        .hasMessage("input binding is closed");
    assertThat(block.startReading(app)).as("no reading after a stop").isEmpty();
    assertThat(app.delivered).isEmpty();
  }

  @Test
  @DisplayName("a gRPC app's answer naming output bindings is forwarded to them with create, in order")
  void forwardsToOutputs() {
    App app = new App();
    app.reply = new BindingEventReply(new byte[0], List.of("mem", "missing", "mem"),
        "{\"x\":1}".getBytes(StandardCharsets.UTF_8), false);
    block(Map.of()).startReading(app);
    mem.push(new BindingEvent(new byte[0], Map.of(), null));
    List<String> forwarded = new ArrayList<>();
    mem.received.forEach(r -> forwarded.add(r.operation() + " " + new String(r.data(), StandardCharsets.UTF_8)));
    assertThat(forwarded).as("sequential forwarding stops at the first failure, as daprd")
        .containsExactly("create {\"x\":1}");
  }

  @Test
  @DisplayName("an input binding's inbound resiliency policy retries a failed delivery")
  void inboundPolicyRetriesDeliveries() throws Exception {
    String yaml = """
        kind: Resiliency
        metadata: {name: r}
        spec:
          policies:
            retries:
              twice: {policy: constant, duration: 1ms, maxRetries: 2}
          targets:
            components:
              mem:
                inbound: {retry: twice}
        """;
    io.jdaprd.core.resiliency.Resiliency resiliency = io.jdaprd.core.resiliency.Resiliency.of(List.of(
        io.jdaprd.core.resiliency.ResiliencyParser.parse(new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
            .readTree(yaml))));
    List<String> attempts = new CopyOnWriteArrayList<>();
    BindingApp flaky = new BindingApp() {
      @Override
      public boolean takesBinding(String name, String route) {
        return true;
      }

      @Override
      public BindingEventReply deliverBindingEvent(BindingEventDelivery event) throws BindingDeliveryException {
        attempts.add(new String(event.data(), StandardCharsets.UTF_8));
        if (attempts.size() < 3) {
          throw new BindingDeliveryException("app down");
        }
        return new BindingEventReply("done".getBytes(StandardCharsets.UTF_8), List.of(), new byte[0], false);
      }
    };
    BindingsBlock block = new BindingsBlock(Bindings.of(List.of(new Bindings.Entry("mem", mem, Map.of()))),
        resiliency);
    block.startReading(flaky);
    Object answer = mem.push(new BindingEvent("e1".getBytes(StandardCharsets.UTF_8), Map.of(), null));
    assertThat(answer).isEqualTo("done".getBytes(StandardCharsets.UTF_8));
    assertThat(attempts).containsExactly("e1", "e1", "e1");
  }
}
