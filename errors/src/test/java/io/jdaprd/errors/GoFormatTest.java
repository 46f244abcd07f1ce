package io.jdaprd.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoFormatTest {

  @Test
  void sprintfFillsVerbsInOrderAndByIndex() {
    assertThat(GoFormat.sprintf("a %s b %d c %v", "x", 3, List.of("p", "q"))).isEqualTo("a x b 3 c [p q]");
    assertThat(GoFormat.sprintf("%[2]s then %[1]s", "one", "two")).isEqualTo("two then one");
    assertThat(GoFormat.sprintf("100%% %s", "sure")).isEqualTo("100% sure");
    assertThat(GoFormat.sprintf("%s and %s", "one")).isEqualTo("one and %!s(MISSING)");
  }

  @Test
  void arityCountsPositions() {
    assertThat(GoFormat.arity("no verbs, 100%%")).isZero();
    assertThat(GoFormat.arity("%s %d %v %q")).isEqualTo(4);
    assertThat(GoFormat.arity("%[3]s %[1]s %[2]s")).isEqualTo(3);
  }

  @Test
  void quoteIsStrconvQuote() {
    assertThat(GoFormat.quote("key1")).isEqualTo("\"key1\"");
    assertThat(GoFormat.quote("a\"b\\c\nd\te\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\x01\"");
    assertThat(GoFormat.quote("密钥")).isEqualTo("\"密钥\"");
    assertThat(GoFormat.sprintf(ErrorCode.SECRET_PERMISSION_DENIED.template(), "k", "s"))
        .isEqualTo("access denied by policy to get \"k\" from \"s\"");
  }

  @Test
  void goCodeNamesAreGos() {
    assertThat(GoFormat.codeName(Status.Code.INVALID_ARGUMENT)).isEqualTo("InvalidArgument");
    assertThat(GoFormat.codeName(Status.Code.CANCELLED)).isEqualTo("Canceled");
    assertThat(GoFormat.codeName(Status.Code.UNAUTHENTICATED)).isEqualTo("Unauthenticated");
    assertThat(GoFormat.codeFromName("DataLoss")).isEqualTo(Status.Code.DATA_LOSS);
    assertThat(GoFormat.apiError(Status.Code.CANCELLED, "bulkset-error"))
        .isEqualTo("api error: code = Canceled desc = bulkset-error");
  }

  @Test
  void embeddedDaprErrorsPrintAsGoErrorStrings() {
    DaprException inner = DaprException.of(ErrorCode.STATE_STORE_NOT_FOUND, "testName");
    assertThat(GoFormat.text(inner)).isEqualTo("api error: code = InvalidArgument desc = state store testName is not found");
    assertThat(GoFormat.text(new RuntimeException("boom"))).isEqualTo("boom");
  }

  @Test
  void templatesMatchTheirOwnMessagesOnly() {
    ErrorCode c = ErrorCode.PUBSUB_FORBIDDEN;
    assertThat(c.matchesMessage(GoFormat.sprintf(c.template(), "t", "a"))).isTrue();
    assertThat(c.matchesMessage("topic is empty in pubsub p")).isFalse();
    assertThat(ErrorCode.TOPIC_NAME_EMPTY.matchesMessage("topic is empty in pubsub p")).isTrue();
  }
}
