package io.jdaprd.spi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StoredValue;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Time to live, for stores with {@link StateFeature#TTL}: {@code ttlInSeconds} request metadata makes a value expire,
 * an expired value reads as absent, {@code ttlExpireTime} reports when (RFC 3339, UTC), {@code -1} means never, and a
 * value that is not an integer is refused.
 */
public interface StateTtlChecks extends StateStoreFixture {

  /** The request metadata key of Dapr's per-item TTL. */
  String TTL = "ttlInSeconds";
  /** The response metadata key with the expiry time. */
  String EXPIRE_TIME = "ttlExpireTime";
  /**
   * The TTL of the value whose readability before expiry is checked: long enough that a write and a read right
   * after it finish before it, even on a loaded machine.
   */
  int READABLE_TTL_SECONDS = 3;
  /** How long after its TTL a value may still be read (stores expire lazily or on a timer). */
  Duration EXPIRY_GRACE = Duration.ofSeconds(2);
  /** How long a value with a TTL of one second may still be read. */
  Duration EXPIRY_DEADLINE = Duration.ofSeconds(1).plus(EXPIRY_GRACE);

  @Test
  @DisplayName("TTL: a value with ttlInSeconds is readable until it expires, then disappears")
  default void valueExpires() throws Exception {
    assumeFeature(StateFeature.TTL);
    String key = key("ttl-expiring");
    long written = System.nanoTime();
    Map<String, String> ttl = Map.of(TTL, String.valueOf(READABLE_TTL_SECONDS));
    store().set(setRequest(key, utf8("short-lived"), null, null, ttl));
    Optional<StoredValue> right = get(key);
    Duration readAfter = Duration.ofNanos(System.nanoTime() - written);
    assertThat(right).as("Dapr: a value with ttlInSeconds=%d is readable before the TTL has passed (read after %s)",
        READABLE_TTL_SECONDS, readAfter).isPresent();
    assertThat(awaitAbsent(key, written, Duration.ofSeconds(READABLE_TTL_SECONDS).plus(EXPIRY_GRACE)))
        .as("Dapr: a value with ttlInSeconds=%d reads as absent (HTTP 204) once it expired, at most %s later",
            READABLE_TTL_SECONDS, EXPIRY_GRACE).isTrue();
    assertThat(store().bulkGet(List.of(getRequest(key))).get(0))
        .as("Dapr: bulk get treats an expired value as absent too").isEmpty();
  }

  @Test
  @DisplayName("TTL: get reports ttlExpireTime as RFC 3339 UTC")
  default void expireTimeIsReported() throws Exception {
    assumeFeature(StateFeature.TTL);
    String key = key("ttl-expire-time");
    Instant before = Instant.now();
    store().set(setRequest(key, utf8("v"), null, null, Map.of(TTL, "100")));
    Instant after = Instant.now();
    String reported = get(key).orElseThrow().metadata().get(EXPIRE_TIME);
    assertThat(reported).as("Dapr: get of a value with a TTL returns metadata.ttlExpireTime").isNotNull();
    OffsetDateTime parsed = OffsetDateTime.parse(reported, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    assertThat(parsed.getOffset()).as("Dapr: ttlExpireTime is in UTC: %s", reported).isEqualTo(ZoneOffset.UTC);
    assertThat(parsed.toInstant())
        .as("Dapr: ttlExpireTime is the write time plus ttlInSeconds (100 s): %s", reported)
        .isAfter(before.plusSeconds(98))
        .isBefore(after.plusSeconds(101));
    String plain = key("ttl-none");
    set(plain, "v");
    assertThat(get(plain).orElseThrow().metadata())
        .as("Dapr: a value without a TTL reports no ttlExpireTime").doesNotContainKey(EXPIRE_TIME);
  }

  @Test
  @DisplayName("TTL: ttlInSeconds=-1 means no expiry, and a later write replaces the TTL")
  default void minusOneNeverExpires() throws Exception {
    assumeFeature(StateFeature.TTL);
    String control = key("ttl-control");
    String minusOne = key("ttl-minus-one");
    String rewritten = key("ttl-rewritten");
    long written = System.nanoTime();
    store().set(setRequest(minusOne, utf8("old"), null, null, Map.of(TTL, "1")));
    store().set(setRequest(rewritten, utf8("old"), null, null, Map.of(TTL, "1")));
    store().set(setRequest(control, utf8("v"), null, null, Map.of(TTL, "1")));
    store().set(setRequest(minusOne, utf8("forever"), null, null, Map.of(TTL, "-1")));
    set(rewritten, "no ttl");
    assertThat(awaitAbsent(control, written)).as("Dapr: a value with ttlInSeconds=1 expires (control)").isTrue();
    assertThat(text(minusOne)).as("Dapr: ttlInSeconds=-1 means the value never expires, replacing an earlier TTL")
        .isEqualTo("forever");
    assertThat(text(rewritten)).as("Dapr: a write without ttlInSeconds replaces the earlier TTL")
        .isEqualTo("no ttl");
    assertThat(get(minusOne).orElseThrow().metadata())
        .as("Dapr: a value that never expires reports no ttlExpireTime").doesNotContainKey(EXPIRE_TIME);
  }

  @ParameterizedTest(name = "ttlInSeconds={0}")
  @ValueSource(strings = {"abc", "1.5", "10s", "1e3", "99999999999999999999"})
  @DisplayName("TTL: a ttlInSeconds that is not an integer is refused")
  default void nonIntegerTtlIsRefused(String ttl) throws Exception {
    assumeFeature(StateFeature.TTL);
    String key = key("ttl-invalid");
    assertThatThrownBy(() -> store().set(setRequest(key, utf8("v"), null, null, Map.of(TTL, ttl))))
        .as("Dapr: ttlInSeconds must be an integer; the store refuses the save (HTTP 500 ERR_STATE_SAVE)")
        .isInstanceOf(StateException.class);
    assertThat(get(key)).as("Dapr: a refused save stores nothing").isEmpty();
  }

  /** Polls {@code key} until it reads as absent or {@link #EXPIRY_DEADLINE} after {@code writtenNanos} passed. */
  private boolean awaitAbsent(String key, long writtenNanos) throws Exception {
    return awaitAbsent(key, writtenNanos, EXPIRY_DEADLINE);
  }

  /** Polls {@code key} every 50 ms until it reads as absent or {@code limit} after {@code writtenNanos} passed. */
  private boolean awaitAbsent(String key, long writtenNanos, Duration limit) throws Exception {
    long deadline = writtenNanos + limit.toNanos();
    while (true) {
      if (get(key).isEmpty()) {
        return true;
      }
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(50);
    }
  }
}
