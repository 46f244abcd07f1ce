package io.jdaprd.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.errors.details.ErrorDetail;
import io.jdaprd.errors.details.ErrorInfo;
import io.jdaprd.errors.grpc.GrpcErrorParser;
import io.jdaprd.errors.grpc.GrpcErrorRenderer;
import io.jdaprd.errors.http.HttpError;
import io.jdaprd.errors.http.HttpErrorParser;
import io.jdaprd.errors.http.HttpErrorRenderer;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every catalog entry, rendered on each transport and parsed back, is the same error. */
class RoundTripTest {

  /**
   * The catalog entries daprd never sends on gRPC, so the gRPC round trip does not apply to them. Each has a
   * message-only template ({@code "%s"}) and, in Dapr's rendering, no ErrorInfo: on gRPC nothing would name the
   * entry. They are HTTP-only legacy errors or retired ({@code dapr-errors.md} section 3):
   *
   * <ul>
   *   <li>{@code MALFORMED_REQUEST_RAW}: the HTTP state save's body-decoding and missing-key errors;</li>
   *   <li>{@code MALFORMED_RESPONSE}: HTTP-to-gRPC-app invocation, when the app's error status cannot be rendered
   *       as JSON;</li>
   *   <li>{@code STATE_BULK_GET}: the HTTP bulk get's store failure (on gRPC the raw error goes out instead);</li>
   *   <li>{@code DESERIALIZE_HTTP_BODY}, {@code ACTOR_STATE_DELETE}: retired, today's daprd raises them nowhere.</li>
   * </ul>
   *
   * <p>{@code ERROR} is not among them: it is daprd's fallback on both transports (gRPC Unknown).
   */
  static final Set<ErrorCode> NEVER_SENT_ON_GRPC = EnumSet.of(ErrorCode.MALFORMED_REQUEST_RAW,
      ErrorCode.MALFORMED_RESPONSE, ErrorCode.STATE_BULK_GET, ErrorCode.DESERIALIZE_HTTP_BODY,
      ErrorCode.ACTOR_STATE_DELETE);

  private static final List<ErrorRendering> RENDERINGS = List.of(ErrorRendering.DAPR, ErrorRendering.RICH,
      ErrorRendering.DAPR.withLocale(ErrorLocale.ZH_CN), ErrorRendering.RICH.withLocale(ErrorLocale.EN_US));

  static Stream<Arguments> entriesAndRenderings() {
    return Stream.of(ErrorCode.values())
        .flatMap(code -> RENDERINGS.stream().map(r -> Arguments.of(code, r)));
  }

  static Stream<Arguments> grpcEntriesAndRenderings() {
    return Stream.of(ErrorCode.values()).filter(code -> !NEVER_SENT_ON_GRPC.contains(code))
        .flatMap(code -> RENDERINGS.stream().map(r -> Arguments.of(code, r)));
  }

  @Test
  void entriesLeftOutOfTheGrpcRoundTripAreHttpOnlyOrRetired() {
    assertThat(NEVER_SENT_ON_GRPC).as("only entries daprd never sends on gRPC may skip the gRPC round trip")
        .allSatisfy(code -> assertThat(code.kind()).isIn(ErrorKind.HTTP_ONLY, ErrorKind.RETIRED));
  }

  static DaprException sample(ErrorCode code) {
    Object[] args = new Object[code.arity()];
    for (int i = 0; i < args.length; i++) {
      args[i] = "value-" + i + " <&>";
    }
    return DaprException.builder(code, args).resource("component", "thing").build();
  }

  @ParameterizedTest
  @MethodSource("entriesAndRenderings")
  void httpRoundTrip(ErrorCode code, ErrorRendering rendering) {
    DaprException original = sample(code).forHttp();
    HttpError response = HttpErrorRenderer.render(original, rendering);
    DaprException parsed = HttpErrorParser.parse(response.status(), response.body());
    assertThat(parsed.code()).isEqualTo(code);
    assertThat(parsed.errorCode()).isEqualTo(original.errorCode());
    assertThat(parsed.httpStatus()).isEqualTo(code.httpStatus());
    assertThat(parsed.getMessage()).isEqualTo(original.getMessage());
    assertThat(parsed.details()).isEqualTo(rendering.details(original));
  }

  @ParameterizedTest
  @MethodSource("grpcEntriesAndRenderings")
  void grpcRoundTrip(ErrorCode code, ErrorRendering rendering) {
    DaprException original = sample(code);
    List<ErrorDetail> sent = rendering.details(original);
    DaprException parsed = GrpcErrorParser.parse(GrpcErrorRenderer.toStatusRuntimeException(original, rendering));
    assertThat(parsed.code()).isEqualTo(code);
    assertThat(parsed.grpcCode()).isEqualTo(code.grpcCode());
    assertThat(parsed.getMessage()).isEqualTo(original.getMessage());
    assertThat(parsed.reason()).isEqualTo(original.reason() == null && rendering.rich()
        ? code.richReason() : original.reason());
    assertThat(parsed.details()).isEqualTo(sent.stream().map(RoundTripTest::withoutEmptyMetadata).toList());
  }

  /** Protobuf cannot tell an empty map from none: an empty ErrorInfo metadata comes back as null. */
  private static ErrorDetail withoutEmptyMetadata(ErrorDetail d) {
    if (d instanceof ErrorInfo info && info.metadata() != null && info.metadata().isEmpty()) {
      return new ErrorInfo(info.reason(), info.domain(), null);
    }
    return d;
  }
}
