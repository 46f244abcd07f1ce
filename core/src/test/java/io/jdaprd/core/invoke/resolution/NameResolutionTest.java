package io.jdaprd.core.invoke.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.nameresolution.Instance;
import io.jdaprd.spi.nameresolution.NameResolver;
import io.jdaprd.spi.nameresolution.ResolveRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Caching, retry and choice of address, as daprd's direct messaging does them. */
class NameResolutionTest {

  /** A resolver answering a scripted sequence (the last answer repeats) and recording the requests. */
  private static final class Scripted implements NameResolver {
    private final boolean multi;
    private final Deque<Object> answers = new ArrayDeque<>();
    final List<ResolveRequest> requests = new ArrayList<>();

    Scripted(boolean multi, Object... answers) {
      this.multi = multi;
      this.answers.addAll(List.of(answers));
    }

    @Override
    public void init(Instance instance, ComponentMetadata configuration) {
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> resolve(ResolveRequest request) throws ComponentException {
      requests.add(request);
      Object answer = answers.size() > 1 ? answers.poll() : answers.peek();
      if (answer instanceof ComponentException e) {
        throw e;
      }
      return (List<String>) answer;
    }

    @Override
    public boolean multi() {
      return multi;
    }
  }

  @Test
  @DisplayName("the request carries id, namespace and this sidecar's internal port")
  void request() throws Exception {
    Scripted resolver = new Scripted(false, List.of("10.0.0.1:50002"));
    assertThat(new NameResolution(resolver, 50001).resolve("app", "prod")).isEqualTo("10.0.0.1:50002");
    assertThat(resolver.requests).containsExactly(new ResolveRequest("app", "prod", 50001));
  }

  @Test
  @DisplayName("addresses are taken round-robin, per app id")
  void roundRobin() throws Exception {
    NameResolution resolution = new NameResolution(new Scripted(false, List.of("a:1", "b:1", "c:1")), 1);
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      picked.add(resolution.resolve("app", "default"));
    }
    assertThat(picked).containsExactly("a:1", "b:1", "c:1", "a:1", "b:1", "c:1");
    assertThat(resolution.resolve("other", "default")).as("another id starts its own turn").isEqualTo("a:1");
  }

  @Test
  @DisplayName("an empty answer is asked again 5 times, 100 ms apart, then fails with daprd's message")
  void emptyAnswerIsRetried() throws Exception {
    Scripted resolver = new Scripted(false, List.of());
    long start = System.nanoTime();
    assertThatThrownBy(() -> new NameResolution(resolver, 1).resolve("app", "default"))
        .isInstanceOf(NameResolutionException.class)
        .hasMessage("resolver returned empty address for app id default/app");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    assertThat(resolver.requests).hasSize(6);
  }

  @Test
  @DisplayName("an answer that arrives during the retries is used")
  void lateAnswer() throws Exception {
    Scripted resolver = new Scripted(false, List.of(), List.of(), List.of("late:1"));
    assertThat(new NameResolution(resolver, 1).resolve("app", "default")).isEqualTo("late:1");
    assertThat(resolver.requests).hasSize(3);
  }

  @Test
  @DisplayName("a resolver's error fails at once with its message")
  void errorIsFinal() {
    Scripted resolver = new Scripted(false, new ComponentException("no host found with the given ID"));
    assertThatThrownBy(() -> new NameResolution(resolver, 1).resolve("app", "default"))
        .isInstanceOf(NameResolutionException.class).hasMessage("no host found with the given ID");
    assertThat(resolver.requests).hasSize(1);
  }

  @Test
  @DisplayName("a non-multi resolver is asked on every call")
  void noCacheWithoutMulti() throws Exception {
    Scripted resolver = new Scripted(false, List.of("a:1"));
    NameResolution resolution = new NameResolution(resolver, 1);
    resolution.resolve("app", "default");
    resolution.resolve("app", "default");
    assertThat(resolver.requests).hasSize(2);
  }

  @Test
  @DisplayName("a multi resolver's answer is reused for 20 s, per namespace, and forget() drops it")
  void multiCache() throws Exception {
    AtomicLong now = new AtomicLong();
    Scripted resolver = new Scripted(true, List.of("a:1", "b:1"), List.of("c:1"));
    NameResolution resolution = new NameResolution(resolver, 1, now::get);
    assertThat(resolution.resolve("app", "default")).isEqualTo("a:1");
    now.addAndGet(Duration.ofSeconds(19).toNanos());
    assertThat(resolution.resolve("app", "default")).isEqualTo("b:1");
    assertThat(resolver.requests).hasSize(1);
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(resolution.resolve("app", "default")).as("after 20 s").isEqualTo("c:1");
    assertThat(resolver.requests).hasSize(2);
    resolution.resolve("app", "other");
    assertThat(resolver.requests).as("another namespace").hasSize(3);
    resolution.forget("app", "default");
    resolution.resolve("app", "default");
    assertThat(resolver.requests).as("after forget").hasSize(4);
  }

  @Test
  @DisplayName("a multi resolver's empty answer is neither cached nor retried")
  void multiEmpty() {
    Scripted resolver = new Scripted(true, List.of());
    NameResolution resolution = new NameResolution(resolver, 1);
    assertThatThrownBy(() -> resolution.resolve("app", "ns"))
        .hasMessage("resolver returned empty address for app id ns/app");
    assertThatThrownBy(() -> resolution.resolve("app", "ns")).isInstanceOf(NameResolutionException.class);
    assertThat(resolver.requests).hasSize(2);
  }
}
