package io.jdaprd.core.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The W3C baggage header as otel-go 1.44's parser (daprd 1.18's) reads it, with its error texts. */
class BaggageTest {

  @Test
  void membersWithPropertiesAndPercentEncodedValuesParse() throws Exception {
    Baggage b = Baggage.parse(" userId = alice , serverNode=DF%2028;prop1;p2 = v%3D2,isProduction=false");
    assertThat(b.members()).containsOnlyKeys("userId", "serverNode", "isProduction");
    assertThat(b.members().get("userId").value()).isEqualTo("alice");
    assertThat(b.members().get("serverNode").value()).isEqualTo("DF 28");
    assertThat(b.members().get("serverNode").properties()).containsExactly(new Baggage.Property("prop1", null),
        new Baggage.Property("p2", "v=2"));
    assertThat(b.toString()).isEqualTo("userId=alice,serverNode=DF%2028;prop1;p2=v=2,isProduction=false");
  }

  @Test
  void theLastValueOfAKeyWinsAndAnEmptyHeaderIsEmpty() throws Exception {
    assertThat(Baggage.parse("k=1,k=2").toString()).isEqualTo("k=2");
    assertThat(Baggage.parse("").members()).isEmpty();
    assertThat(Baggage.parse("k=").toString()).isEqualTo("k=");
  }

  @Test
  void anInvalidMemberGivesTheGoParsersError() {
    assertThatThrownBy(() -> Baggage.parse("k y=v")).hasMessage("invalid key: \"k y\"");
    assertThatThrownBy(() -> Baggage.parse("novalue")).hasMessage("invalid baggage list-member: \"novalue\"");
    assertThatThrownBy(() -> Baggage.parse("k=a b")).hasMessage("invalid value: \"a b\"");
    assertThatThrownBy(() -> Baggage.parse("k=%zz")).hasMessage("invalid value: invalid URL escape \"%zz\"");
    assertThatThrownBy(() -> Baggage.parse("k=v;p q")).hasMessage("invalid baggage list-member property: \"p q\"");
    assertThatThrownBy(() -> Baggage.parse("a=1,")).hasMessage("invalid baggage list-member: \"\"");
    assertThatThrownBy(() -> Baggage.parse("=1,b,c=ok")).hasMessage("invalid key: \"\"\n"
        + "invalid baggage list-member: \"b\"");
  }

  @Test
  void limitsAreOtelsLimits() {
    assertThatThrownBy(() -> Baggage.parse("k=" + "v".repeat(8191))).hasMessage("baggage-string too large: 8193");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 65; i++) {
      many.append(i == 0 ? "" : ",").append("k").append(i).append("=v");
    }
    assertThatThrownBy(() -> Baggage.parse(many.toString())).hasMessage("too many list-members in baggage-string");
    String sevenBad = String.join(",", List.of("a", "b", "c", "d", "e", "f", "g"));
    assertThatThrownBy(() -> Baggage.parse(sevenBad)).hasMessageEndingWith(
        "invalid baggage list-member: \"e\"\nand 2 more invalid member(s)");
  }
}
