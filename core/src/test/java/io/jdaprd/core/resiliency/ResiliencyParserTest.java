package io.jdaprd.core.resiliency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jdaprd.core.resiliency.ResiliencySpec.ActorBreakerScope;
import io.jdaprd.core.resiliency.ResiliencySpec.Names;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reading {@code Resiliency} documents: every policy field, the targets, and daprd's reasons for bad ones. */
class ResiliencyParserTest {
  static JsonNode yaml(String text) {
    try {
      return new YAMLMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final String FULL = """
      apiVersion: dapr.io/v1alpha1
      kind: Resiliency
      metadata:
        name: myresiliency
      scopes: [app1]
      spec:
        policies:
          timeouts:
            general: 5s
            millis: 1500
          retries:
            serviceRetry:
              policy: constant
              duration: 250ms
              maxRetries: 10
            retryForever:
              policy: exponential
              maxInterval: 15s
              maxRetries: -1
            defaults: {}
            withMatch:
              policy: constant
              matching:
                httpStatusCodes: "429,500-599"
                gRPCStatusCodes: "1-4,8"
          circuitBreakers:
            serviceCB:
              maxRequests: 2
              interval: 8s
              timeout: 45s
              trip: consecutiveFailures > 8
            plain: {}
        targets:
          apps:
            appB:
              timeout: general
              retry: serviceRetry
              circuitBreaker: serviceCB
          actors:
            myActor:
              timeout: general
              retry: retryForever
              circuitBreaker: serviceCB
              circuitBreakerScope: id
          components:
            statestore1:
              outbound:
                retry: withMatch
              inbound:
                timeout: millis
      """;

  @Test
  void readsEveryPolicyAndTarget() {
    ResiliencySpec spec = ResiliencyParser.parse(yaml(FULL));
    assertThat(spec.name()).isEqualTo("myresiliency");
    assertThat(spec.scopes()).containsExactly("app1");
    assertThat(spec.timeouts()).containsEntry("general", Duration.ofSeconds(5))
        .containsEntry("millis", Duration.ofMillis(1500));
    RetrySpec service = spec.retries().get("serviceRetry");
    assertThat(service.policy()).isEqualTo(RetrySpec.Kind.CONSTANT);
    assertThat(service.duration()).isEqualTo(Duration.ofMillis(250));
    assertThat(service.maxRetries()).isEqualTo(10);
    RetrySpec forever = spec.retries().get("retryForever");
    assertThat(forever.policy()).isEqualTo(RetrySpec.Kind.EXPONENTIAL);
    assertThat(forever.maxInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(forever.maxRetries()).isEqualTo(-1);
    assertThat(forever.initialInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(spec.retries().get("defaults")).isEqualTo(RetrySpec.DEFAULT);
    StatusCodeMatch match = spec.retries().get("withMatch").matching();
    assertThat(match.retries(429)).isTrue();
    assertThat(match.retries(503)).isTrue();
    assertThat(match.retries(404)).isFalse();
    assertThat(match.retries(4)).isTrue();
    assertThat(match.retries(5)).isFalse();
    assertThat(match.retries(8)).isTrue();
    assertThat(match.retries(600)).isFalse();
    ResiliencySpec.BreakerSpec cb = spec.circuitBreakers().get("serviceCB");
    assertThat(cb.maxRequests()).isEqualTo(2);
    assertThat(cb.interval()).isEqualTo(Duration.ofSeconds(8));
    assertThat(cb.timeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(cb.tripTest().test(new CircuitBreaker.Counts(9, 0, 9, 0, 9))).isTrue();
    assertThat(cb.tripTest().test(new CircuitBreaker.Counts(8, 0, 8, 0, 8))).isFalse();
    assertThat(spec.circuitBreakers().get("plain").tripTest()).isNull();
    assertThat(spec.apps().get("appB")).isEqualTo(new Names("general", "serviceRetry", "serviceCB"));
    assertThat(spec.actors().get("myActor").scope()).isEqualTo(ActorBreakerScope.ID);
    assertThat(spec.components().get("statestore1").outbound()).isEqualTo(new Names("", "withMatch", ""));
    assertThat(spec.components().get("statestore1").inbound()).isEqualTo(new Names("millis", "", ""));
  }

  @Test
  void anUnsetMatchingRetriesEveryCode() {
    assertThat(StatusCodeMatch.ALL.retries(404)).isTrue();
    assertThat(StatusCodeMatch.parse("", "").retries(13)).isTrue();
    assertThat(StatusCodeMatch.parse("500", "").retries(13)).isTrue();
    assertThat(StatusCodeMatch.parse("500", "").retries(501)).isFalse();
  }

  private static String policies(String body) {
    return "kind: Resiliency\nmetadata: {name: r}\nspec:\n  policies:\n" + body.indent(4);
  }

  private static String targets(String body) {
    return "kind: Resiliency\nmetadata: {name: r}\nspec:\n  targets:\n" + body.indent(4);
  }

  @Test
  void badPoliciesGiveDaprdsReasons() {
    assertThatThrownBy(() -> ResiliencyParser.parse(yaml(policies("timeouts:\n  t: 5 seconds"))))
        .hasMessage("invalid duration \"t\", 5 seconds: time: invalid duration \"5 seconds\"");
    assertThatThrownBy(() -> ResiliencyParser.parse(yaml(policies("retries:\n  r:\n    policy: linear"))))
        .hasMessage("invalid retry configuration \"r\": unexpected back off policy type: linear");
    assertThatThrownBy(() -> ResiliencyParser.parse(yaml(policies("retries:\n  r:\n    duration: soon"))))
        .hasMessage("invalid retry configuration \"r\": 'duration' invalid duration: soon");
    assertThatThrownBy(() -> ResiliencyParser.parse(yaml(policies(
        "retries:\n  r:\n    matching:\n      httpStatusCodes: \"500-400\""))))
        .hasMessage("invalid pattern 500-400, start value should not bigger than end value");
    assertThatThrownBy(() -> ResiliencyParser.parse(yaml(policies(
        "retries:\n  r:\n    matching:\n      gRPCStatusCodes: \"17\""))))
        .hasMessage("invalid pattern 17, start code 17 is not valid");
    assertThatThrownBy(() -> ResiliencyParser.parse(yaml(policies(
        "retries:\n  r:\n    matching:\n      httpStatusCodes: \"1-2-3\""))))
        .hasMessage("invalid pattern 1-2-3, more than one '-' exists");
    assertThatThrownBy(() -> ResiliencyParser.parse(yaml(policies(
        "retries:\n  r:\n    matching:\n      httpStatusCodes: \"5xx\""))))
        .hasMessage("failed to parse start code 5xx from pattern 5xx to int, strconv.Atoi: parsing \"5xx\": "
            + "invalid syntax");
    assertThatThrownBy(() -> ResiliencyParser.parse(yaml(policies(
        "circuitBreakers:\n  cb:\n    trip: \"consecutiveFailures >\""))))
        .hasMessageStartingWith("invalid retry configuration \"cb\": trip: consecutiveFailures > (expected: a CEL "
            + "expression: syntax error");
  }

  @Test
  void anActorBreakerCacheSizeMustBeAPositiveInteger() {
    assertThat(ResiliencyParser.parse(yaml(targets("actors:\n  a:\n    circuitBreakerCacheSize: 7"))).actors()
        .get("a").breakerCacheSize()).isEqualTo(7);
    assertThat(ResiliencyParser.parse(yaml(targets("actors:\n  a:\n    circuitBreakerCacheSize: 0"))).actors()
        .get("a").breakerCacheSize()).isEqualTo(5000);
    assertThatThrownBy(() -> ResiliencyParser.parse(yaml(targets("actors:\n  a:\n    circuitBreakerCacheSize: -1"))))
        .hasMessage("must provide a positive size");
    assertThatThrownBy(() -> ResiliencyParser.parse(yaml(targets("actors:\n  a:\n    circuitBreakerCacheSize: x"))))
        .hasMessageStartingWith("circuitBreakerCacheSize: ");
  }

  @Test
  void actorBreakersNeedAScope() {
    assertThatThrownBy(() -> ResiliencyParser.parse(yaml(targets("actors:\n  a:\n    circuitBreaker: cb"))))
        .hasMessage("actor circuit breakers must include scope");
    assertThatThrownBy(() -> ResiliencyParser.parse(yaml(targets(
        "actors:\n  a:\n    circuitBreaker: cb\n    circuitBreakerScope: all"))))
        .hasMessage("unknown circuit breaker scope \"all\"");
  }
}
