package io.jdaprd.components.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CronBindingTest {
  private static CronBinding init(String schedule) throws ComponentException {
    CronBinding cron = new CronBinding();
    cron.init(new ComponentMetadata("tick", CronBinding.TYPE, "v1", "app",
        schedule == null ? Map.of() : Map.of("schedule", schedule)));
    return cron;
  }

  @Test
  @DisplayName("init refuses a missing or bad schedule with Dapr's texts; CRON_TZ= and TZ= name a zone")
  void init() throws Exception {
    assertThatThrownBy(() -> init(null)).hasMessage("schedule not set");
    assertThatThrownBy(() -> init("* * *")).hasMessageStartingWith("invalid schedule format '* * *': expected 5 to 6");
    assertThatThrownBy(() -> init("CRON_TZ=Mars/Olympus 0 * * * *")).hasMessageContaining("bad location");
    init("CRON_TZ=Asia/Tokyo 0 0 * * *").close();
    init("TZ=UTC @hourly").close();
  }

  @Test
  @DisplayName("readTimeUTC is Go's time.String(): trailing zeros of the fraction dropped")
  void goTime() {
    assertThat(CronBinding.goTime(ZonedDateTime.of(2026, 12, 5, 3, 4, 5, 120_000_000, ZoneOffset.UTC)))
        .isEqualTo("2026-12-05 03:04:05.12 +0000 UTC");
    assertThat(CronBinding.goTime(ZonedDateTime.of(2026, 12, 5, 3, 4, 50, 0, ZoneOffset.UTC)))
        .isEqualTo("2026-12-05 03:04:50 +0000 UTC");
  }

  @Test
  @DisplayName("a closed component reads no more")
  void closed() throws Exception {
    CronBinding cron = init("@every 1s");
    cron.close();
    assertThatThrownBy(() -> cron.read(event -> new byte[0])).isInstanceOf(BindingException.class)
        .hasMessage("binding is closed");
  }
}
