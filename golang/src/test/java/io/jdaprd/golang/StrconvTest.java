package io.jdaprd.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Expected texts are what Go's strconv.Quote and strconv.Atoi/ParseInt give for the same input. */
class StrconvTest {

  @Test
  void quoteEscapesAsGo() {
    assertThat(Strconv.quote("key1")).isEqualTo("\"key1\"");
    assertThat(Strconv.quote("")).isEqualTo("\"\"");
    assertThat(Strconv.quote("a\"b\\c\nd\te\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\x01\"");
    assertThat(Strconv.quote("\u0007\b\f\r\u000b\u007f")).isEqualTo("\"\\a\\b\\f\\r\\v\\x7f\"");
    assertThat(Strconv.quote("密钥 é 😀 <&> '")).isEqualTo("\"密钥 é 😀 <&> '\"");
  }

  @Test
  void quoteEscapesWhatGoCannotPrint() {
    assertThat(Strconv.quote("\u00a0")).isEqualTo("\"\\u00a0\"");
    assertThat(Strconv.quote("\u200b")).isEqualTo("\"\\u200b\"");
    assertThat(Strconv.quote("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
    assertThat(Strconv.quote("\u0085")).isEqualTo("\"\\u0085\"");
    assertThat(Strconv.quote("\ue000")).isEqualTo("\"\\ue000\"");
    assertThat(Strconv.quote("\ufeff")).isEqualTo("\"\\ufeff\"");
    assertThat(Strconv.quote(new String(Character.toChars(0xe0001)))).isEqualTo("\"\\U000e0001\"");
    assertThat(Strconv.quote(new String(Character.toChars(0x10ffff)))).isEqualTo("\"\\U0010ffff\"");
    assertThat(Strconv.quote("a\ud800b")).isEqualTo("\"a\\ufffdb\"");
  }

  @Test
  void parsesIntegersAsGo() {
    assertThat(Strconv.atoi("42")).isEqualTo(42);
    assertThat(Strconv.atoi("+7")).isEqualTo(7);
    assertThat(Strconv.parseInt("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(Strconv.parseInt("007")).isEqualTo(7);
  }

  @Test
  void failsWithGosTexts() {
    assertThatThrownBy(() -> Strconv.atoi("x")).isInstanceOf(NumberFormatException.class)
        .hasMessage("strconv.Atoi: parsing \"x\": invalid syntax");
    assertThatThrownBy(() -> Strconv.atoi("")).hasMessage("strconv.Atoi: parsing \"\": invalid syntax");
    assertThatThrownBy(() -> Strconv.atoi("-")).hasMessage("strconv.Atoi: parsing \"-\": invalid syntax");
    assertThatThrownBy(() -> Strconv.atoi(" 1")).hasMessage("strconv.Atoi: parsing \" 1\": invalid syntax");
    assertThatThrownBy(() -> Strconv.atoi("1_000")).hasMessage("strconv.Atoi: parsing \"1_000\": invalid syntax");
    assertThatThrownBy(() -> Strconv.atoi("١")).hasMessage("strconv.Atoi: parsing \"١\": invalid syntax");
    assertThatThrownBy(() -> Strconv.parseInt("9223372036854775808"))
        .hasMessage("strconv.ParseInt: parsing \"9223372036854775808\": value out of range");
  }
}
