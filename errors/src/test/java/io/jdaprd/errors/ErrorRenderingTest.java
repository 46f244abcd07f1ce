package io.jdaprd.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.errors.details.ErrorDetail;
import io.jdaprd.errors.details.ErrorInfo;
import io.jdaprd.errors.details.Help;
import io.jdaprd.errors.details.LocalizedMessage;
import io.jdaprd.errors.details.ResourceInfo;
import io.jdaprd.errors.factories.PubSubErrors;
import io.jdaprd.errors.factories.StateErrors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorRenderingTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "zh-CN,zh;q=0.9,en;q=0.8 | ZH_CN",
      "zh | ZH_CN",
      "zh-Hans-CN | ZH_CN",
      "en-US,en;q=0.9 | EN_US",
      "fr-FR,de;q=0.5 | EN_US",
      "en;q=0.5,zh;q=0.8 | ZH_CN",
      "zh;q=0,en | EN_US",
      "* | EN_US",
  })
  void acceptLanguagePicksTheBestSupportedLanguageOrEnglish(String header, ErrorLocale expected) {
    assertThat(ErrorLocale.fromAcceptLanguage(header)).isEqualTo(expected);
  }

  @Test
  void noAcceptLanguageMeansNoLocalizedMessage() {
    assertThat(ErrorLocale.fromAcceptLanguage(null)).isNull();
    assertThat(ErrorLocale.fromAcceptLanguage("  ")).isNull();
    DaprException e = StateErrors.notFound("s", null);
    assertThat(ErrorRendering.DAPR.withLocale(null).details(e)).isEqualTo(e.details());
  }

  @Test
  void localizedMessageIsAppendedLastInTheClientsLanguage() {
    DaprException e = PubSubErrors.publishMessage("mypubsub", "orders", new RuntimeException("broker down"));
    List<ErrorDetail> details = ErrorRendering.DAPR.withLocale(ErrorLocale.ZH_CN).details(e);
    assertThat(details).hasSize(3);
    assertThat(details.get(2)).isEqualTo(
        new LocalizedMessage("zh-CN", "向 Pub/Sub mypubsub 的主题 orders 发布消息时出错：broker down"));
    List<ErrorDetail> english = ErrorRendering.DAPR.withLocale(ErrorLocale.EN_US).details(e);
    assertThat(english.get(2)).isEqualTo(new LocalizedMessage("en-US", e.getMessage()));
  }

  @Test
  void richModeNeverAddsASecondDetailOfOneType() {
    for (ErrorCode code : ErrorCode.values()) {
      Object[] args = new Object[code.arity()];
      java.util.Arrays.fill(args, "x");
      DaprException e = DaprException.builder(code, args).resource("state", "s").build();
      List<ErrorDetail> details = ErrorRendering.RICH.withLocale(ErrorLocale.ZH_CN).details(e);
      assertThat(details.stream().map(Object::getClass).distinct().count()).as(code.name())
          .isEqualTo(details.size());
      assertThat(details).as(code.name()).hasAtLeastOneElementOfType(ErrorInfo.class)
          .hasAtLeastOneElementOfType(ResourceInfo.class).hasAtLeastOneElementOfType(Help.class)
          .hasAtLeastOneElementOfType(LocalizedMessage.class);
    }
  }

  @Test
  void richModeKeepsDaprsOwnErrorInfoAndPutsAdditionsAfterIt() {
    DaprException e = StateErrors.notFound("mystore", "myapp").forHttp();
    List<ErrorDetail> details = ErrorRendering.RICH.details(e);
    assertThat(details.get(0)).isEqualTo(ErrorInfo.dapr("DAPR_STATE_NOT_FOUND", Map.of("appID", "myapp")));
    assertThat(details.get(1)).isEqualTo(new ResourceInfo("state", "mystore", "", ""));
    assertThat(details.get(2)).isInstanceOf(Help.class);
  }

  @Test
  void twoDetailsOfOneTypeAreRefused() {
    assertThatThrownBy(() -> DaprException.builder(ErrorCode.STATE_STORE_NOT_FOUND, "s")
        .detail(ErrorInfo.dapr("OTHER", null)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two ErrorInfo");
  }
}
