package io.jdaprd.core.invoke.acl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trie's matching rules, including daprd's first-fit order without backtracking. */
class OperationTrieTest {

  private static OperationTrie<String> trie(String... operations) {
    OperationTrie<String> trie = new OperationTrie<>();
    for (String op : operations) {
      trie.put(op, op);
    }
    return trie;
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "/a, /a",
      "/a/b, /a",
      "/b, null",
      "/, null",
  })
  void anOperationCoversItselfAndItsSubPaths(String searched, String found) {
    assertThat(trie("/a").find(searched)).isEqualTo(found);
  }

  @Test
  void aSlashAloneIsAnOperation() {
    assertThat(trie("/").find("/")).isEqualTo("/");
    assertThat(trie("/").find("/x")).isNull();
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "/a/x, /a/*",
      "/a, /a/*",
      "/a/x/y, null",
  })
  void oneStarIsTheLastSegmentOrNone(String searched, String found) {
    assertThat(trie("/a/*").find(searched)).isEqualTo(found);
  }

  @Test
  void twoStarsAreAnyDepth() {
    OperationTrie<String> trie = trie("/a/**");
    assertThat(trie.find("/a/x/y/z")).isEqualTo("/a/**");
    assertThat(trie.find("/a/x")).isEqualTo("/a/**");
    assertThat(trie.find("/a")).as("a parent without operation takes a /** child as /*").isEqualTo("/a/**");
  }

  @Test
  void childrenAreTriedInTheOrderTheyWereAddedWithoutBacktracking() {
    OperationTrie<String> trie = trie("/a*/x", "/ab/y");
    assertThat(trie.find("/ab/x")).isEqualTo("/a*/x");
    assertThat(trie.find("/ab/y")).as("/a* was taken for /ab, and it has no /y").isNull();
  }

  @Test
  void aStarNodeBeforeTheEndIsPassedThrough() {
    OperationTrie<String> trie = trie("/a/*", "/a/*/b");
    assertThat(trie.find("/a/*/b")).isEqualTo("/a/*/b");
  }

  @Test
  void theFirstValueOfAnOperationStays() {
    OperationTrie<String> trie = new OperationTrie<>();
    trie.put("/a", "first");
    trie.put("/a", "second");
    assertThat(trie.find("/a")).isEqualTo("first");
  }

  @Test
  void aPrefixAddedLaterStillGetsItsValue() {
    OperationTrie<String> trie = trie("/a/b", "/a");
    assertThat(trie.find("/a")).isEqualTo("/a");
    assertThat(trie.find("/a/b")).isEqualTo("/a");
  }

  @ParameterizedTest
  @CsvSource({
      "/b*, /bc, true",
      "/b*, /b, true",
      "/b*, /ab, false",
      "/*c, /abc, true",
      "/a*c*e, /abcde, true",
      "/a*c*e, /abcdf, false",
      "/x, /x, true",
      "/x, /X, false",
  })
  void starsInsideASegmentMatchAnyRun(String pattern, String text, boolean matches) {
    assertThat(OperationTrie.globMatches(pattern, text)).isEqualTo(matches);
  }
}
