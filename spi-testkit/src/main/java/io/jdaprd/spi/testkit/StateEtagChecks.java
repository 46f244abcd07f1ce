package io.jdaprd.spi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateFeature;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Optimistic concurrency, for stores with {@link StateFeature#ETAG}: every write makes a new ETag; a write or delete
 * with an ETag happens only when it matches; first-write without an ETag only inserts; and under contention exactly
 * one of the writers that read the same state wins. Where daprd's stores differ, the checks expect the store's
 * {@link #etagRules()}.
 */
public interface StateEtagChecks extends StateStoreFixture {

  /** How many writers race in the contention checks. */
  int RACERS = 100;

  @Test
  @DisplayName("ETag: get returns an ETag")
  default void getReturnsEtag() throws Exception {
    assumeFeature(StateFeature.ETAG);
    String key = key("etag");
    set(key, "v");
    assertThat(etagOf(key)).as("Dapr: a store with ETAG returns the item's ETag on get (HTTP ETag header)")
        .isNotBlank();
  }

  @Test
  @DisplayName("ETag: every write changes it")
  default void everyWriteChangesEtag() throws Exception {
    assumeFeature(StateFeature.ETAG);
    String key = key("etag-changes");
    Set<String> seen = new HashSet<>();
    set(key, "same");
    seen.add(etagOf(key));
    set(key, "same");
    seen.add(etagOf(key));
    store().set(setRequest(key, utf8("same"), etagOf(key), null, Map.of()));
    seen.add(etagOf(key));
    store().set(setRequest(key, utf8("same"), etagOf(key), Concurrency.FIRST_WRITE, Map.of()));
    seen.add(etagOf(key));
    assertThat(seen).as("Dapr: every successful write generates a new ETag, even when the value is unchanged")
        .hasSize(4);
  }

  @Test
  @DisplayName("ETag: a set with the current ETag succeeds")
  default void setWithMatchingEtagSucceeds() throws Exception {
    assumeFeature(StateFeature.ETAG);
    String key = key("etag-match");
    set(key, "before");
    String etag = etagOf(key);
    store().set(setRequest(key, utf8("after"), etag, null, Map.of()));
    assertThat(text(key)).as("Dapr: a save whose ETag matches the stored one is applied").isEqualTo("after");
    assertThat(etagOf(key)).as("Dapr: a conditional save makes a new ETag").isNotEqualTo(etag);
  }

  @Test
  @DisplayName("ETag: a set with a wrong ETag fails and changes nothing")
  default void setWithWrongEtagFails() throws Exception {
    assumeFeature(StateFeature.ETAG);
    String key = key("etag-wrong");
    set(key, "before");
    String stale = etagOf(key);
    set(key, "current");
    String etag = etagOf(key);
    assertThatThrownBy(() -> store().set(setRequest(key, utf8("after"), stale, null, Map.of())))
        .as("Dapr: a save whose ETag is not the stored one (another writer came first) fails with a mismatch "
            + "(HTTP 409)")
        .isInstanceOf(EtagMismatchException.class);
    assertThat(text(key)).as("Dapr: a refused save leaves the value").isEqualTo("current");
    assertThat(etagOf(key)).as("Dapr: a refused save leaves the ETag").isEqualTo(etag);
  }

  @Test
  @DisplayName("ETag: a set with an ETag on a missing key fails (writes, on Redis)")
  default void setWithEtagOnMissingKey() throws Exception {
    assumeFeature(StateFeature.ETAG);
    String key = key("etag-missing");
    set(key("etag-elsewhere"), "v");
    String someEtag = etagOf(key("etag-elsewhere"));
    if (etagRules() == StateEtagRules.REDIS) {
      store().set(setRequest(key, utf8("v"), someEtag, Concurrency.FIRST_WRITE, Map.of()));
      assertThat(text(key)).as("daprd's state.redis: a save with an ETag on a key that does not exist writes it")
          .isEqualTo("v");
      return;
    }
    assertThatThrownBy(() -> store().set(setRequest(key, utf8("v"), someEtag, null, Map.of())))
        .as("Dapr: a save with an ETag on a key that does not exist fails with a mismatch (HTTP 409)")
        .isInstanceOf(EtagMismatchException.class);
    assertThat(get(key)).as("Dapr: a refused save stores nothing").isEmpty();
  }

  @Test
  @DisplayName("ETag: a last-write set with a stale ETag fails (writes, on Redis)")
  default void lastWriteWithStaleEtag() throws Exception {
    assumeFeature(StateFeature.ETAG);
    String key = key("last-write-stale");
    set(key, "before");
    String stale = etagOf(key);
    set(key, "current");
    if (etagRules() == StateEtagRules.REDIS) {
      store().set(setRequest(key, utf8("after"), stale, Concurrency.LAST_WRITE, Map.of()));
      assertThat(text(key)).as("daprd's state.redis: last-write ignores the ETag and writes").isEqualTo("after");
      return;
    }
    assertThatThrownBy(() -> store().set(setRequest(key, utf8("after"), stale, Concurrency.LAST_WRITE, Map.of())))
        .as("Dapr: an ETag is compared under last-write too; a stale one is a mismatch (HTTP 409)")
        .isInstanceOf(EtagMismatchException.class);
    assertThat(text(key)).as("Dapr: a refused save leaves the value").isEqualTo("current");
  }

  @Test
  @DisplayName("ETag: a delete with a wrong ETag fails and leaves the value")
  default void deleteWithWrongEtagFails() throws Exception {
    assumeFeature(StateFeature.ETAG);
    String key = key("etag-delete");
    set(key, "old");
    String stale = etagOf(key);
    set(key, "kept");
    String etag = etagOf(key);
    assertThatThrownBy(() -> store().delete(deleteRequest(key, stale)))
        .as("Dapr: a delete whose If-Match ETag differs fails with a mismatch (HTTP 409)")
        .isInstanceOf(EtagMismatchException.class);
    assertThat(text(key)).as("Dapr: a refused delete leaves the value").isEqualTo("kept");
    assertThat(etagOf(key)).as("Dapr: a refused delete leaves the ETag").isEqualTo(etag);
    if (etagRules() == StateEtagRules.REDIS) {
      assertThatCode(() -> store().delete(deleteRequest(key("etag-delete-missing"), etag)))
          .as("daprd's state.redis: a delete with an ETag of a key that does not exist succeeds")
          .doesNotThrowAnyException();
      return;
    }
    assertThatThrownBy(() -> store().delete(deleteRequest(key("etag-delete-missing"), etag)))
        .as("Dapr: a delete with an ETag of a key that does not exist fails with a mismatch")
        .isInstanceOf(EtagMismatchException.class);
  }

  @Test
  @DisplayName("ETag: a delete with the current ETag succeeds")
  default void deleteWithMatchingEtagSucceeds() throws Exception {
    assumeFeature(StateFeature.ETAG);
    String key = key("etag-delete-match");
    set(key, "doomed");
    store().delete(deleteRequest(key, etagOf(key)));
    assertThat(get(key)).as("Dapr: a delete whose ETag matches removes the value").isEmpty();
  }

  @Test
  @DisplayName("ETag: first-write without ETag only inserts")
  default void firstWriteWithoutEtagOnlyInserts() throws Exception {
    assumeFeature(StateFeature.ETAG);
    assumeTrue(etagRules() != StateEtagRules.REDIS, "the store keeps daprd's Redis rules: firstWriteFollowsTheMark");
    String existing = key("first-write-existing");
    set(existing, "first");
    String etag = etagOf(existing);
    assertThatThrownBy(() -> store().set(setRequest(existing, utf8("second"), null, Concurrency.FIRST_WRITE,
        Map.of())))
        .as("Dapr: first-write without an ETag on an existing key fails, as %s (HTTP 409 for a mismatch, else 500)",
            etagRules().firstWriteConflict().getSimpleName())
        .isExactlyInstanceOf(etagRules().firstWriteConflict());
    assertThat(text(existing)).as("Dapr: a refused first-write leaves the value").isEqualTo("first");
    String fresh = key("first-write-new");
    assertThatCode(() -> store().set(setRequest(fresh, utf8("new"), null, Concurrency.FIRST_WRITE, Map.of())))
        .as("Dapr: first-write without an ETag on a new key inserts it").doesNotThrowAnyException();
    assertThat(text(fresh)).as("Dapr: a first-write insert is stored").isEqualTo("new");
    store().set(setRequest(existing, utf8("third"), etag, Concurrency.FIRST_WRITE, Map.of()));
    assertThat(text(existing)).as("Dapr: first-write with the current ETag updates the value")
        .isEqualTo("third");
  }

  @Test
  @DisplayName("ETag: first-write without ETag follows the key's first-write mark (Redis)")
  default void firstWriteFollowsTheMark() throws Exception {
    assumeFeature(StateFeature.ETAG);
    assumeTrue(etagRules() == StateEtagRules.REDIS, "only daprd's state.redis marks keys written under first-write");
    String key = key("first-write-mark");
    set(key, "last-write");
    store().set(setRequest(key, utf8("first-write"), null, Concurrency.FIRST_WRITE, Map.of()));
    assertThat(text(key)).as("daprd's state.redis: first-write without ETag overwrites a key that was written under "
        + "last-write").isEqualTo("first-write");
    for (Concurrency concurrency : new Concurrency[] {Concurrency.FIRST_WRITE, Concurrency.LAST_WRITE, null}) {
      assertThatThrownBy(() -> store().set(setRequest(key, utf8("refused"), null, concurrency, Map.of())))
          .as("daprd's state.redis: a key written under first-write refuses a %s set without ETag, with a plain "
              + "error (HTTP 500)", concurrency)
          .isExactlyInstanceOf(StateException.class);
    }
    assertThat(text(key)).as("daprd's state.redis: a refused set leaves the value").isEqualTo("first-write");
    store().set(setRequest(key, utf8("with etag"), etagOf(key), null, Map.of()));
    assertThat(text(key)).as("daprd's state.redis: the current ETag still writes a marked key").isEqualTo("with etag");
    store().delete(deleteRequest(key, null));
    set(key, "fresh");
    set(key, "unmarked again");
    assertThat(text(key)).as("daprd's state.redis: a delete removes the mark with the key")
        .isEqualTo("unmarked again");
  }

  @Test
  @DisplayName("ETag: of 100 concurrent first-writes of a new key exactly one wins")
  default void concurrentFirstWritesHaveOneWinner() throws Exception {
    assumeFeature(StateFeature.ETAG);
    String key = key("first-write-race");
    Race.Outcome outcome = Race.run(RACERS, i -> store().set(
        setRequest(key, utf8("writer-" + i), null, Concurrency.FIRST_WRITE, Map.of())));
    assertRaceHasOneWinner(outcome, key, "first-write without an ETag is an insert-only, atomic",
        etagRules().firstWriteConflict());
  }

  @Test
  @DisplayName("ETag: of 100 concurrent writers with the same ETag exactly one wins")
  default void concurrentEtagWritersHaveOneWinner() throws Exception {
    assumeFeature(StateFeature.ETAG);
    String key = key("etag-race");
    set(key, "initial");
    String etag = etagOf(key);
    Race.Outcome outcome = Race.run(RACERS, i -> store().set(
        setRequest(key, utf8("writer-" + i), etag, null, Map.of())));
    assertRaceHasOneWinner(outcome, key, "compare-and-set on the ETag is atomic");
  }

  private void assertRaceHasOneWinner(Race.Outcome outcome, String key, String rule) throws Exception {
    assertRaceHasOneWinner(outcome, key, rule, EtagMismatchException.class);
  }

  private void assertRaceHasOneWinner(Race.Outcome outcome, String key, String rule,
      Class<? extends StateException> loserFailure) throws Exception {
    assertThat(outcome.failures()).as("Dapr: the losers of a race fail with %s, nothing else",
        loserFailure.getSimpleName()).allSatisfy(t -> assertThat(t).isExactlyInstanceOf(loserFailure));
    assertThat(outcome.winners()).as("Dapr: %s, so exactly one of %d writers succeeds", rule, RACERS).hasSize(1);
    assertThat(text(key)).as("Dapr: the stored value is the winner's").isEqualTo("writer-" + outcome.winners().get(0));
  }
}
