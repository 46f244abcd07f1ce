package io.jdaprd.spi.testkit.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.pubsub.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The {@link Inbox} the pub/sub checks wait on: what it counts as an attempt and as a delivery, and its waits. */
class InboxTest {

  private static Message message(String text) {
    return new Message("t", text.getBytes(StandardCharsets.UTF_8), "text/plain", Map.of());
  }

  @Test
  @DisplayName("a call whose behaviour throws is an attempt, not a delivery, and the throw reaches the caller")
  void failedAttemptIsNotADelivery() throws Exception {
    Inbox inbox = new Inbox(m -> {
      if (Inbox.text(m).equals("bad")) {
        throw new IllegalStateException("refused");
      }
    });
    assertThatThrownBy(() -> inbox.handle(message("bad"))).hasMessage("refused");
    inbox.handle(message("good"));
    inbox.handle(message("good"));
    assertThat(inbox.attempts()).extracting(Inbox::text).containsExactly("bad", "good", "good");
    assertThat(inbox.texts()).containsExactly("good", "good");
    assertThat(inbox.textCounts()).containsExactly(Map.entry("good", 2));
  }

  @Test
  @DisplayName("waits end true as soon as the condition holds, false when the timeout passes first")
  void waits() throws Exception {
    Inbox inbox = new Inbox();
    assertThat(inbox.awaitDeliveries(1, Duration.ofMillis(50))).isFalse();
    Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(50);
        inbox.handle(message("a"));
        inbox.handle(message("b"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(inbox.awaitTexts(Set.of("a", "b"), Duration.ofSeconds(10))).isTrue();
    assertThat(inbox.awaitAttempts(2, Duration.ZERO)).isTrue();
    assertThat(inbox.awaitTexts(Set.of("c"), Duration.ofMillis(50))).isFalse();
  }

  @Test
  @DisplayName("a shared inbox given as behaviour records what several subscribers got together")
  void sharedInbox() throws Exception {
    Inbox together = new Inbox();
    Inbox first = new Inbox(together);
    Inbox second = new Inbox(together);
    first.handle(message("1"));
    second.handle(message("2"));
    assertThat(together.texts()).containsExactly("1", "2");
    assertThat(first.texts()).containsExactly("1");
    assertThat(second.texts()).containsExactly("2");
  }
}
