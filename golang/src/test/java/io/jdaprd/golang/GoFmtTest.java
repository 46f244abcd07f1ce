package io.jdaprd.golang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoFmtTest {

  @Test
  void sprintfFillsVerbsInOrderAndByIndex() {
    assertThat(GoFmt.sprintf("a %s b %d c %v", "x", 3, List.of("p", "q"))).isEqualTo("a x b 3 c [p q]");
    assertThat(GoFmt.sprintf("%[2]s then %[1]s", "one", "two")).isEqualTo("two then one");
    assertThat(GoFmt.sprintf("100%% %s", "sure")).isEqualTo("100% sure");
    assertThat(GoFmt.sprintf("%s and %s", "one")).isEqualTo("one and %!s(MISSING)");
    assertThat(GoFmt.sprintf("get %q from %q", "k", "s")).isEqualTo("get \"k\" from \"s\"");
    assertThat(GoFmt.sprintf("trailing %")).isEqualTo("trailing %");
  }

  @Test
  void arityCountsPositions() {
    assertThat(GoFmt.arity("no verbs, 100%%")).isZero();
    assertThat(GoFmt.arity("%s %d %v %q")).isEqualTo(4);
    assertThat(GoFmt.arity("%[3]s %[1]s %[2]s")).isEqualTo(3);
  }

  @Test
  void templatePatternMatchesWhatTheTemplateProduces() {
    assertThat(GoFmt.templatePattern("topic %s is not allowed for app id %s").matcher(
        GoFmt.sprintf("topic %s is not allowed for app id %s", "t (x)", "a.b")).matches()).isTrue();
    assertThat(GoFmt.templatePattern("%[2]s before %[1]s").matcher("b before a").matches()).isTrue();
    assertThat(GoFmt.templatePattern("100%% of %s").matcher("100% of x").matches()).isTrue();
    assertThat(GoFmt.templatePattern("state store %s").matcher("pubsub x").matches()).isFalse();
  }

  @Test
  void valuesPrintAsGosPercentV() {
    GoError error = () -> "api error: code = InvalidArgument desc = x";
    assertThat(GoFmt.text(error)).isEqualTo("api error: code = InvalidArgument desc = x");
    assertThat(GoFmt.text(new RuntimeException("boom"))).isEqualTo("boom");
    assertThat(GoFmt.text(new IllegalStateException())).isEqualTo("IllegalStateException");
    assertThat(GoFmt.text(List.of())).isEqualTo("[]");
    assertThat(GoFmt.text(List.of(List.of(1, 2), "x"))).isEqualTo("[[1 2] x]");
    assertThat(GoFmt.text(null)).isEqualTo("null");
  }
}
