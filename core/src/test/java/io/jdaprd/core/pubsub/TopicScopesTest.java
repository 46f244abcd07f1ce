package io.jdaprd.core.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicScopesTest {

  @Test
  void noScopingAllowsEverything() {
    TopicScopes s = TopicScopes.of(Map.of(), "app1");
    assertThat(s.canPublish("orders")).isTrue();
    assertThat(s.canSubscribe("orders")).isTrue();
  }

  @Test
  void allowedTopicsGateEveryAppAndBothDirections() {
    TopicScopes s = TopicScopes.of(Map.of("allowedTopics", "t1, t2"), "app1");
    assertThat(s.canPublish("t1")).isTrue();
    assertThat(s.canPublish("t3")).as("a topic missing from allowedTopics is refused").isFalse();
    assertThat(s.canSubscribe("t3")).isFalse();
  }

  @Test
  void publishingScopesListTheTopicsOfEachApp() {
    Map<String, String> md = Map.of("publishingScopes", "app1=t1,t2;app2=t3");
    assertThat(TopicScopes.of(md, "app1").canPublish("t1")).isTrue();
    assertThat(TopicScopes.of(md, "app1").canPublish("t3")).isFalse();
    assertThat(TopicScopes.of(md, "app2").canPublish("t3")).isTrue();
    assertThat(TopicScopes.of(md, "app3").canPublish("anything"))
        .as("an app without an entry is not restricted").isTrue();
    assertThat(TopicScopes.of(md, "app1").canSubscribe("t3")).as("publishing scopes do not limit subscribing")
        .isTrue();
  }

  @Test
  void anEmptyEntryDeniesEverything() {
    TopicScopes s = TopicScopes.of(Map.of("subscriptionScopes", "app1="), "app1");
    assertThat(s.canSubscribe("t1")).isFalse();
    assertThat(s.canPublish("t1")).isTrue();
  }

  @Test
  void protectedTopicsNeedAnExplicitGrant() {
    Map<String, String> md = Map.of("protectedTopics", "secret", "publishingScopes", "app1=secret");
    assertThat(TopicScopes.of(md, "app1").canPublish("secret")).isTrue();
    assertThat(TopicScopes.of(md, "app2").canPublish("secret")).as("no entry, protected topic").isFalse();
    assertThat(TopicScopes.of(md, "app2").canPublish("public")).isTrue();
    assertThat(TopicScopes.of(md, "app1").canPublish("public"))
        .as("an app with an entry may publish only what the entry lists").isFalse();
  }

  @Test
  void metadataNamesAreCaseInsensitiveAndSpacesIgnored() {
    TopicScopes s = TopicScopes.of(Map.of("PUBLISHINGSCOPES", " app1 = t1 ; app2 = t2 "), "app1");
    assertThat(s.canPublish("t1")).isTrue();
    assertThat(s.canPublish("t2")).isFalse();
  }
}
