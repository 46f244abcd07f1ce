package io.jdaprd.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jdaprd.core.actors.ActorApp;
import io.jdaprd.core.actors.ActorsConfig;
import io.jdaprd.core.resiliency.Resiliency;
import io.jdaprd.core.resiliency.ResiliencyParser;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** An actor type's timeout bounds the app's work on a call; other types are not bounded. */
class ActorAppTimeoutsTest {
  @Test
  void aCallLongerThanItsTypesTimeoutFailsWithDeadlineExceeded() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    ActorApp slow = new ActorApp() {
      @Override
      public ActorsConfig config() {
        return ActorsConfig.NONE;
      }

      @Override
      public Reply invoke(String actorType, String actorId, String method, Request request) {
        if (actorType.equals("slow")) {
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return new Reply(200, Map.of(), "", new byte[0]);
      }

      @Override
      public void deactivate(String actorType, String actorId) {
      }
    };
    Resiliency resiliency = Resiliency.of(List.of(ResiliencyParser.parse(new YAMLMapper().readTree("""
        kind: Resiliency
        metadata: {name: r}
        spec:
          policies:
            timeouts: {short: 50ms}
          targets:
            actors:
              slow: {timeout: short}
        """))));
    ActorApp app = new ActorAppTimeouts(slow, resiliency);
    ActorApp.Request request = new ActorApp.Request(Map.of(), "", "", new byte[0]);
    try {
      assertThatThrownBy(() -> app.invoke("slow", "1", "m", request))
          .isInstanceOf(ActorApp.ActorCallException.class).hasMessage("context deadline exceeded");
      assertThat(app.invoke("fast", "1", "m", request).status()).isEqualTo(200);
    } finally {
      never.countDown();
    }
  }
}
