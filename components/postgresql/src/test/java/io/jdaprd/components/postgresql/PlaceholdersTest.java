package io.jdaprd.components.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

  @Test
  void numberedParametersBecomePositionalInTheOrderTheyAppear() {
    Placeholders p = Placeholders.rewrite("select * from t where b = $2 and a = $1 or c = $2", 2);
    assertThat(p.sql()).isEqualTo("select * from t where b = ? and a = ? or c = ?");
    assertThat(p.order()).containsExactly(1, 0, 1);
    assertThat(p.highest()).isEqualTo(2);
  }

  @Test
  void quotedTextCommentsAndDollarQuotesAreLeftAlone() {
    String sql = "select '$1', E'it\\'s $1', \"col$1\", $tag$ $1 ? $tag$, $$ $2 $$, a$1 -- $1 ?\n"
        + "/* $1 /* ? */ $2 */ from t where x = $1";
    Placeholders p = Placeholders.rewrite(sql, 1);
    assertThat(p.sql()).isEqualTo(sql.substring(0, sql.length() - 2) + "?");
    assertThat(p.order()).containsExactly(0);
    assertThat(p.highest()).isEqualTo(1);
  }

  @Test
  void aLiteralQuestionMarkIsEscapedForPgjdbc() {
    assertThat(Placeholders.rewrite("select value ? 'name' from state", 0).sql())
        .isEqualTo("select value ?? 'name' from state");
  }

  @Test
  void aParameterBeyondThoseGivenIsLeftForTheServer() {
    Placeholders p = Placeholders.rewrite("select $1, $3", 1);
    assertThat(p.sql()).isEqualTo("select ?, $3");
    assertThat(p.order()).isEqualTo(List.of(0));
    assertThat(p.highest()).isEqualTo(3);
  }
}
