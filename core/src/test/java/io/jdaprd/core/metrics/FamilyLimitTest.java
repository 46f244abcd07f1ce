package io.jdaprd.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A family's bounded label values: values without limit (a reminder name per call in daprd's legacy path label) end
 * in one overflow series instead of a series each, and the series kept stay exact.
 */
class FamilyLimitTest {
  private static Family<Series.Counter> family() {
    return new Family<>("dapr_http_client_completed_count", "help", Family.Type.COUNTER,
        List.of("app_id", "path", "method"), List.of("myapp"), LabelRules.NONE, Series.Counter::new);
  }

  @Test
  void seriesPastTheLimitAreCountedInOneOverflowSeriesWithoutTheirVariableLabels() {
    Family<Series.Counter> f = family();
    int extra = 500;
    for (int i = 0; i < Family.MAX_SERIES + extra; i++) {
      f.series("actors/Cart/{id}/method/remind/r" + i, "PUT").inc();
    }
    f.series("actors/Cart/{id}/method/remind/r7", "PUT").inc();
    assertThat(f.all()).hasSize(Family.MAX_SERIES + 1);
    Series.Counter overflow = f.series("actors/Cart/{id}/method/remind/another", "PUT");
    assertThat(overflow.labelValue(0)).isEqualTo("myapp");
    assertThat(overflow.labelValue(1)).isEmpty();
    assertThat(overflow.labelValue(2)).isEmpty();
    assertThat(overflow.value()).isEqualTo(extra);
    assertThat(f.series("actors/Cart/{id}/method/remind/r7", "PUT").value()).as("kept series stay exact")
        .isEqualTo(2);
  }

  @Test
  void rawValuesPastTheirLimitGoToTheOverflowSeriesWithoutGrowingTheLookupTree() {
    Family<Series.Counter> f = family();
    for (int i = 0; i < Family.MAX_RAW_VALUES * 2; i++) {
      f.series("p" + (i % 10), "m" + i).inc();
    }
    assertThat(f.all()).hasSizeLessThanOrEqualTo(Family.MAX_SERIES + 1);
    long total = f.all().stream().mapToLong(Series.Counter::value).sum();
    assertThat(total).as("nothing recorded is lost").isEqualTo(Family.MAX_RAW_VALUES * 2L);
  }
}
