package io.jdaprd.fuzz;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The deny-list check itself: what it must catch, and the echoes it must not count. */
class VerdictsTest {
  @Test
  void anInternalTermIsCaught() {
    assertThatThrownBy(() -> Verdicts.noInternalText("x", "failed: java.lang.IllegalStateException", "input"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("Exception");
    assertThatThrownBy(() -> Verdicts.noInternalText("x", "at dev.cel.runtime.Foo", "input"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("dev.cel");
  }

  @Test
  void aGoEscapeJoinedToAnEchoedNameIsNotATerm() {
    // daprd quotes the echoed method with %q: U+FFDD becomes \uffdd, whose last letters meet the echoed "ev.cel"
    assertThatCode(() -> Verdicts.noInternalText("x", "invalid method: \"a/\\uffddev.cel\"", "a/\uffddev.cel"))
        .doesNotThrowAnyException();
    assertThatCode(() -> Verdicts.noInternalText("x", "bad: \"\\x00om.google.protobuf\"", "om.google.protobuf"))
        .doesNotThrowAnyException();
  }
}
