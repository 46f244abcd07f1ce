package io.jdaprd.core.actors.callbackstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.core.actors.ActorApp.ActorCallException;
import io.jdaprd.core.actors.ActorApp.Reply;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.core.actors.ActorsConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** How actor callbacks map onto the stream's messages and the app's answers back, as daprd 1.18's transport. */
class StreamActorAppTest {
  private final CallbackConnections connections = new CallbackConnections();
  private final StreamActorApp app = new StreamActorApp(connections, ActorsConfig.NONE);
  private final List<ActorCallback> sent = new ArrayList<>();

  /** An app on the stream that answers each callback with {@code answer}. */
  private void appAnswers(Function<ActorCallback, ActorAnswer> answer) {
    CallbackConnections.Connection[] c = new CallbackConnections.Connection[1];
    c[0] = connections.register(callback -> {
      sent.add(callback);
      c[0].deliver(answer.apply(callback));
    });
  }

  private static Request request(String body, Map<String, List<String>> headers) {
    return new Request(headers, "", "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aMethodCallCarriesBodyAndFirstMetadataValuesAndTheAnswerComesBack() throws Exception {
    appAnswers(c -> new ActorAnswer.Invoked(c.id(), "out".getBytes(StandardCharsets.UTF_8),
        Map.of("content-type", "text/plain", "x-answer", "1"), false));
    Reply reply = app.invoke("Cart", "1", "total", request("{\"a\":1}", Map.of("k", List.of("v1", "v2"))));
    ActorCallback.Invoke call = (ActorCallback.Invoke) sent.getFirst();
    assertThat(call.id()).isEqualTo("1");
    assertThat(call.actorType()).isEqualTo("Cart");
    assertThat(call.actorId()).isEqualTo("1");
    assertThat(call.method()).isEqualTo("total");
    assertThat(new String(call.data(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    assertThat(call.metadata()).isEqualTo(Map.of("k", "v1"));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo("text/plain");
    assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("out");
    assertThat(reply.headers()).containsEntry("x-answer", List.of("1"));
    assertThat(reply.actorError()).isFalse();
  }

  @Test
  void anErrorAnswerIsAnActorError() throws Exception {
    appAnswers(c -> new ActorAnswer.Invoked(c.id(), "{\"code\":\"INVALID\"}".getBytes(StandardCharsets.UTF_8),
        Map.of(), true));
    Reply reply = app.invoke("Cart", "1", "explode", request("", Map.of()));
    assertThat(reply.actorError()).isTrue();
    assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("{\"code\":\"INVALID\"}");
  }

  @Test
  void requestFailedNotFoundIsAMissingMethodAndOtherCodesTheAppsMessage() {
    appAnswers(c -> new ActorAnswer.Failed(c.id(), ActorAnswer.Failed.NOT_FOUND, "whatever"));
    assertThatThrownBy(() -> app.invoke("Cart", "1", "missing", request("", Map.of())))
        .isInstanceOf(ActorCallException.class).hasMessage("actor method not found: missing");
  }

  @Test
  void requestFailedWithAnotherCodeCarriesTheAppsMessage() {
    appAnswers(c -> new ActorAnswer.Failed(c.id(), 13, "boom"));
    assertThatThrownBy(() -> app.invoke("Cart", "1", "m", request("", Map.of())))
        .isInstanceOf(ActorCallException.class).hasMessage("error from actor service: boom");
    assertThatThrownBy(() -> app.invoke("Cart", "1", "remind/r", request("{}", Map.of())))
        .isInstanceOf(ActorCallException.class).hasMessage("error from actor service: boom");
  }

  @Test
  void anAnswerOfTheWrongKindIsRefused() {
    appAnswers(c -> new ActorAnswer.Deactivated(c.id()));
    assertThatThrownBy(() -> app.invoke("Cart", "1", "m", request("", Map.of())))
        .hasMessage("actor host returned an unexpected response type for invoke");
    assertThatThrownBy(() -> app.invoke("Cart", "1", "remind/r", request("{}", Map.of())))
        .hasMessage("actor host returned an unexpected response type for reminder");
    assertThatThrownBy(() -> app.invoke("Cart", "1", "timer/t", request("{}", Map.of())))
        .hasMessage("actor host returned an unexpected response type for timer");
  }

  @Test
  void remindersAndTimersAreTheirOwnRequestsAndMayCancel() throws Exception {
    appAnswers(c -> new ActorAnswer.Ticked(c.id(), c instanceof ActorCallback.Timer, c instanceof ActorCallback.Timer));
    Reply reminded = app.invoke("Cart", "1", "remind/r1",
        request("{\"data\":{\"b\":1},\"dueTime\":\"1s\",\"period\":\"2s\"}", Map.of()));
    assertThat(reminded.cancelsReminder()).isFalse();
    ActorCallback.Reminder reminder = (ActorCallback.Reminder) sent.get(0);
    assertThat(reminder.name()).isEqualTo("r1");
    assertThat(reminder.dueTime()).isEqualTo("1s");
    assertThat(reminder.period()).isEqualTo("2s");
    assertThat(new String(reminder.data(), StandardCharsets.UTF_8)).isEqualTo("{\"b\":1}");

    Reply timed = app.invoke("Cart", "1", "timer/t1",
        request("{\"callback\":\"onTick\",\"dueTime\":\"\",\"period\":\"\"}", Map.of()));
    assertThat(timed.cancelsReminder()).isTrue();
    ActorCallback.Timer timer = (ActorCallback.Timer) sent.get(1);
    assertThat(timer.name()).isEqualTo("t1");
    assertThat(timer.callback()).isEqualTo("onTick");
    assertThat(timer.data()).as("no data").isNull();
  }

  @Test
  void aDeactivationIsSentAndItsAnswerIgnored() throws Exception {
    appAnswers(c -> new ActorAnswer.Failed(c.id(), 13, "ignored"));
    app.deactivate("Cart", "7");
    assertThat(sent.getFirst()).isEqualTo(new ActorCallback.Deactivate("1", "Cart", "7"));
  }
}
