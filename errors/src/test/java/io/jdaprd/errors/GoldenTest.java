package io.jdaprd.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.jdaprd.errors.factories.CauseCode;
import io.jdaprd.errors.factories.InvokeErrors;
import io.jdaprd.errors.factories.JobErrors;
import io.jdaprd.errors.factories.PubSubErrors;
import io.jdaprd.errors.factories.SecretErrors;
import io.jdaprd.errors.factories.StateErrors;
import io.jdaprd.errors.http.HttpError;
import io.jdaprd.errors.http.HttpErrorParser;
import io.jdaprd.errors.http.HttpErrorRenderer;
import io.jdaprd.errors.grpc.GrpcErrorRenderer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Byte-for-byte goldens of every error family, on HTTP and gRPC. */
class GoldenTest {
  private static final io.grpc.Metadata.Key<byte[]> STATUS_DETAILS_KEY =
      io.grpc.Metadata.Key.of("grpc-status-details-bin", io.grpc.Metadata.BINARY_BYTE_MARSHALLER);

  private static String http(DaprException e, ErrorRendering rendering) {
    return HttpErrorRenderer.render(e, rendering).bodyText();
  }

  @Test
  void workedExampleOfTheSpecIsByteIdentical() {
    HttpError response = HttpErrorRenderer.render(StateErrors.illegalKey("mystore", "ke||y1"), ErrorRendering.DAPR);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).isEqualTo("application/json");
    assertThat(response.bodyText()).isEqualTo(Goldens.read("worked-example-illegal-key.json"));
  }

  @Test
  void workedExampleOnGrpcHasThePlainMessageAndTheSameThreeDetails() throws Exception {
    StatusRuntimeException sre =
        GrpcErrorRenderer.toStatusRuntimeException(StateErrors.illegalKey("mystore", "ke||y1"), ErrorRendering.DAPR);
    assertThat(sre.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(sre.getStatus().getDescription()).isEqualTo("input key/keyPrefix 'ke||y1' can't contain '||'");
    com.google.rpc.Status proto = StatusProto.fromThrowable(sre);
    assertThat(proto.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
    assertThat(proto.getMessage()).isEqualTo(sre.getStatus().getDescription());
    List<Any> details = proto.getDetailsList();
    assertThat(details).extracting(Any::getTypeUrl).containsExactly(
        "type.googleapis.com/google.rpc.BadRequest", "type.googleapis.com/google.rpc.ResourceInfo",
        "type.googleapis.com/google.rpc.ErrorInfo");
    com.google.rpc.BadRequest badRequest = details.get(0).unpack(com.google.rpc.BadRequest.class);
    assertThat(badRequest.getFieldViolations(0).getField()).isEqualTo("ke||y1");
    assertThat(badRequest.getFieldViolations(0).getDescription())
        .isEqualTo("input key/keyPrefix 'ke||y1' can't contain '||'");
    com.google.rpc.ResourceInfo resource = details.get(1).unpack(com.google.rpc.ResourceInfo.class);
    assertThat(resource).isEqualTo(com.google.rpc.ResourceInfo.newBuilder().setResourceType("state")
        .setResourceName("mystore").build());
    com.google.rpc.ErrorInfo info = details.get(2).unpack(com.google.rpc.ErrorInfo.class);
    assertThat(info).isEqualTo(com.google.rpc.ErrorInfo.newBuilder().setDomain("dapr.io")
        .setReason("DAPR_STATE_ILLEGAL_KEY").build());
  }

  @Test
  void seedHttpExampleSurvivesParseAndRenderByteForByteModuloIndentation() throws Exception {
    String seed = Goldens.read("seed-http-example.json");
    DaprException parsed = HttpErrorParser.parse(400, seed);
    assertThat(parsed.code()).isEqualTo(ErrorCode.STATE_ILLEGAL_KEY);
    assertThat(parsed.reason()).isEqualTo("DAPR_STATE_ILLEGAL_KEY");
    String compactSeed = new ObjectMapper().readTree(seed).toString();
    assertThat(http(parsed, ErrorRendering.DAPR)).isEqualTo(compactSeed);
  }

  @Test
  void seedHttpExampleIsWhatJdaprdSendsInDaprsOwnDetailOrderWithTheSeedsChineseAsLocalizedMessage() {
    DaprException e = StateErrors.illegalKey("statestore", "bad||keyname");
    DaprException seed = HttpErrorParser.parse(400, Goldens.read("seed-http-example.json"));
    DaprException ours = HttpErrorParser.parse(400, http(e, ErrorRendering.DAPR));
    assertThat(ours.errorCode()).isEqualTo(seed.errorCode());
    assertThat(ours.httpStatus()).isEqualTo(seed.httpStatus());
    assertThat(ours.errorInfo()).isEqualTo(seed.errorInfo());
    assertThat(ours.resourceInfo()).isEqualTo(seed.resourceInfo());
    assertThat(ours.fieldViolations()).extracting(v -> v.field()).isEqualTo(
        seed.fieldViolations().stream().map(v -> v.field()).toList());
    String seedChinese = "输入键/键前缀 'bad||keyname' 不能包含 '||'";
    assertThat(seed.getMessage()).isEqualTo("api error: code = InvalidArgument desc = " + seedChinese);
    assertThat(e.localizedMessage(ErrorLocale.ZH_CN)).isEqualTo(seedChinese);
    assertThat(e.forHttp().localizedMessage(ErrorLocale.ZH_CN)).isEqualTo(seedChinese);
  }

  @Test
  void seedGrpcExampleHasTheSeedsCodeAndDetails() throws Exception {
    DaprException e = StateErrors.illegalKey("statestore", "bad||keyname");
    StatusRuntimeException sre = GrpcErrorRenderer.toStatusRuntimeException(e,
        ErrorRendering.DAPR.withLocale(ErrorLocale.ZH_CN));
    assertThat(sre.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    com.google.rpc.Status proto = StatusProto.fromThrowable(sre);
    Map<String, Any> byType = new LinkedHashMap<>();
    proto.getDetailsList().forEach(a -> byType.put(a.getTypeUrl(), a));
    com.google.rpc.ErrorInfo info = byType.get("type.googleapis.com/google.rpc.ErrorInfo")
        .unpack(com.google.rpc.ErrorInfo.class);
    assertThat(info.getDomain()).isEqualTo("dapr.io");
    assertThat(info.getReason()).isEqualTo("DAPR_STATE_ILLEGAL_KEY");
    com.google.rpc.ResourceInfo resource = byType.get("type.googleapis.com/google.rpc.ResourceInfo")
        .unpack(com.google.rpc.ResourceInfo.class);
    assertThat(resource.getResourceName()).isEqualTo("statestore");
    assertThat(resource.getResourceType()).isEqualTo("state");
    com.google.rpc.BadRequest badRequest = byType.get("type.googleapis.com/google.rpc.BadRequest")
        .unpack(com.google.rpc.BadRequest.class);
    assertThat(badRequest.getFieldViolationsList()).hasSize(1);
    assertThat(badRequest.getFieldViolations(0).getField()).isEqualTo("bad||keyname");
    com.google.rpc.LocalizedMessage localized = byType.get("type.googleapis.com/google.rpc.LocalizedMessage")
        .unpack(com.google.rpc.LocalizedMessage.class);
    assertThat(localized.getLocale()).isEqualTo("zh-CN");
    assertThat(localized.getMessage()).isEqualTo("输入键/键前缀 'bad||keyname' 不能包含 '||'");
  }

  @Test
  void legacyBodyHasExactlyTwoKeys() {
    HttpError response = HttpErrorRenderer.render(SecretErrors.storeNotFound("mystore"), ErrorRendering.DAPR);
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.bodyText()).isEqualTo(Goldens.read("legacy-secret-store-not-found.json"));
  }

  @Test
  void legacyErrorSendsNoTrailerOnGrpc() {
    StatusRuntimeException sre =
        GrpcErrorRenderer.toStatusRuntimeException(SecretErrors.storeNotFound("mystore"), ErrorRendering.DAPR);
    assertThat(sre.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(sre.getStatus().getDescription()).isEqualTo("failed finding secret store with key mystore");
    assertThat(sre.getTrailers() == null || !sre.getTrailers().containsKey(STATUS_DETAILS_KEY)).isTrue();
  }

  @Test
  void accessDeniedIsAPlainPermissionDeniedStatusOfTheCalledSidecar() {
    StatusRuntimeException sre = GrpcErrorRenderer.toStatusRuntimeException(
        InvokeErrors.accessDenied("spiffe://public/ns/default/caller", "admin", "GET"), ErrorRendering.DAPR);
    assertThat(sre.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(sre.getStatus().getDescription()).isEqualTo(
        "access control policy has denied access to id: spiffe://public/ns/default/caller operation: admin verb: GET");
    assertThat(sre.getTrailers() == null || !sre.getTrailers().containsKey(STATUS_DETAILS_KEY)).isTrue();
  }

  @Test
  void accessDeniedWithoutMtlsNamesNoCallerAndNoVerb() {
    assertThat(InvokeErrors.accessDenied("", "/dapr.Svc/Method", "NONE").getMessage())
        .isEqualTo("access control policy has denied access to id:  operation: /dapr.Svc/Method verb: NONE");
  }

  @Test
  void accessDeniedReachesTheCallingAppAs403DirectInvokeWrappingTheGoStatusText() {
    DaprException denied = InvokeErrors.accessDenied("spiffe://public/ns/default/caller", "admin", "GET");
    DaprException wrapped = InvokeErrors.failed("callee",
        GrpcCodeNames.rpcError(denied.grpcCode(), denied.getMessage()), CauseCode.PERMISSION_DENIED);
    HttpError response = HttpErrorRenderer.render(wrapped, ErrorRendering.DAPR);
    assertThat(response.status()).isEqualTo(403);
    assertThat(response.bodyText()).isEqualTo(Goldens.read("direct-invoke-access-denied-http.json"));
    assertThat(HttpErrorParser.parse(403, response.bodyText()).code()).isEqualTo(ErrorCode.DIRECT_INVOKE);
  }

  @Test
  void richBodyKeepsDaprsDetailOrder() {
    HttpError response =
        HttpErrorRenderer.render(StateErrors.transactionsNotSupported("mystore"), ErrorRendering.DAPR);
    assertThat(response.status()).isEqualTo(500);
    assertThat(response.bodyText()).isEqualTo(Goldens.read("rich-transactions-not-supported.json"));
    StatusRuntimeException sre = GrpcErrorRenderer.toStatusRuntimeException(
        StateErrors.transactionsNotSupported("mystore"), ErrorRendering.DAPR);
    assertThat(sre.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  @Test
  void pubsubEchoesRequestMetadataSortedAndHtmlEscaped() {
    Map<String, String> requestMetadata = new LinkedHashMap<>();
    requestMetadata.put("rawPayload", "true");
    requestMetadata.put("a<b", "x&y");
    HttpError response =
        HttpErrorRenderer.render(PubSubErrors.topicEmpty("mypubsub", requestMetadata), ErrorRendering.DAPR);
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.bodyText()).isEqualTo(Goldens.read("pubsub-topic-empty-echoed-metadata.json"));
  }

  @Test
  void richModeAddsResourceErrorInfoAndHelpOnce() {
    assertThat(http(SecretErrors.storeNotFound("mystore"), ErrorRendering.RICH))
        .isEqualTo(Goldens.read("rich-mode-help.json"));
    // A rich Dapr error already has its ErrorInfo, ResourceInfo and Help: nothing is added twice.
    assertThat(http(StateErrors.transactionsNotSupported("mystore"), ErrorRendering.RICH))
        .isEqualTo(Goldens.read("rich-transactions-not-supported.json"));
  }

  @Test
  void unexpectedThrowableBecomesAnInternalErrorThatLeaksNothing() {
    DaprException e = DaprException.from(new IllegalStateException("jdbc:postgresql://db:5432 password=hunter2"));
    HttpError response = HttpErrorRenderer.render(e, ErrorRendering.DAPR);
    assertThat(response.status()).isEqualTo(500);
    assertThat(response.bodyText()).isEqualTo(Goldens.read("unexpected-throwable.json"));
    StatusRuntimeException sre = GrpcErrorRenderer.toStatusRuntimeException(e, ErrorRendering.RICH);
    assertThat(sre.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(sre.getStatus().getDescription()).isEqualTo("internal error");
    assertThat(StatusProto.fromThrowable(sre).toString()).doesNotContain("hunter2").doesNotContain("5432");
    assertThat(e.getCause()).hasMessageContaining("hunter2");
  }

  @Test
  void stateNotFoundCarriesTheAppIdOnHttpAndNothingOnGrpc() throws Exception {
    assertThat(http(StateErrors.notFound("mystore", "myapp"), ErrorRendering.DAPR))
        .isEqualTo(Goldens.read("state-store-not-found-http.json"));
    com.google.rpc.Status proto =
        GrpcErrorRenderer.toStatusProto(StateErrors.notFound("mystore", "myapp"), ErrorRendering.DAPR);
    assertThat(proto.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
    assertThat(proto.getDetailsCount()).isEqualTo(1);
    assertThat(proto.getDetails(0).unpack(com.google.rpc.ErrorInfo.class).getMetadataMap()).isEmpty();
  }

  @Test
  void untaggedSchedulerErrorUsesTheReasonAsErrorCode() {
    assertThat(http(JobErrors.scheduleEmpty("myapp", ""), ErrorRendering.DAPR))
        .isEqualTo(Goldens.read("untagged-scheduler.json"));
  }

  @Test
  void tooManyTransactionsCarriesCountsAsStrings() {
    assertThat(http(StateErrors.tooManyTransactionalOps("mystore", 2, 1), ErrorRendering.DAPR))
        .isEqualTo(Goldens.read("state-too-many-transactions.json"));
  }

  @Test
  void etagMismatchWithoutCauseEndsWithDaprsPrefixAlone() {
    assertThat(http(StateErrors.saveEtagMismatch("statestore", null), ErrorRendering.DAPR)).isEqualTo(
        "{\"errorCode\":\"ERR_STATE_SAVE\",\"message\":\"failed saving state in state store statestore: possible "
            + "etag mismatch. error from state store\"}");
    assertThat(StateErrors.deleteEtagInvalid("s", "k", "strconv.ParseUint: parsing \"x\": invalid syntax")
        .getMessage()).isEqualTo(
            "failed deleting state with key k: invalid etag value: strconv.ParseUint: parsing \"x\": invalid syntax");
    assertThat(HttpErrorRenderer.render(StateErrors.deleteEtagMismatch("s", "k", "e"), ErrorRendering.DAPR).status())
        .isEqualTo(409);
  }

  @Test
  void emptyKeyDiffersByTransport() {
    DaprException e = StateErrors.keyEmpty("s");
    assertThat(http(e, ErrorRendering.DAPR))
        .isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"\\\"key\\\" is a required field\"}");
    assertThat(e.grpcCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getMessage()).isEqualTo("state key cannot be empty");
    assertThat(e.reason()).isEqualTo("ERR_STATE_SAVE");
  }

  @Test
  void basicCodeHasNoDetailsOnHttpAndItsCodeAsReasonOnGrpc() {
    DaprException e = StateErrors.save("mystore", new RuntimeException("disk full"));
    assertThat(http(e, ErrorRendering.DAPR))
        .isEqualTo("{\"errorCode\":\"ERR_STATE_SAVE\",\"message\":\"failed saving state in state store mystore: "
            + "disk full\"}");
    com.google.rpc.Status proto = GrpcErrorRenderer.toStatusProto(e, ErrorRendering.DAPR);
    assertThat(proto.getCode()).isEqualTo(Status.Code.INTERNAL.value());
    assertThat(proto.getDetailsCount()).isEqualTo(1);
    assertThat(e.reason()).isEqualTo("ERR_STATE_SAVE");
  }

  @Test
  void pubsubNotFoundTrailerIsTheSizeTheJavaSdkExampleExpects() {
    com.google.rpc.Status proto =
        GrpcErrorRenderer.toStatusProto(PubSubErrors.notFound("unknown_pubsub", null), ErrorRendering.DAPR);
    assertThat(proto.getMessage()).isEqualTo("pubsub unknown_pubsub is not found");
    assertThat(proto.toByteArray()).hasSize(116);
  }

  @Test
  void apiDeniedByConfigurationIsDaprsUnimplementedFromHttp501() throws Exception {
    DaprException e = io.jdaprd.errors.factories.CommonErrors.apiNotAvailable();
    StatusRuntimeException sre = GrpcErrorRenderer.toStatusRuntimeException(e, ErrorRendering.DAPR);
    assertThat(sre.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(sre.getStatus().getDescription()).isEqualTo("Not Implemented");
    com.google.rpc.ErrorInfo info = StatusProto.fromThrowable(sre).getDetails(0).unpack(com.google.rpc.ErrorInfo.class);
    assertThat(info.getReason()).isEqualTo("Not Implemented");
    assertThat(info.getDomain()).isEqualTo("dapr.io");
    assertThat(info.getMetadataMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("http.code", "501", "http.error_message", "requested endpoint is not available"));
  }

  @Test
  void apiTokenErrorIsDaprsStatusFromAnHttpCode() throws Exception {
    DaprException e = io.jdaprd.errors.factories.CommonErrors.apiTokenMissing();
    StatusRuntimeException sre = GrpcErrorRenderer.toStatusRuntimeException(e, ErrorRendering.DAPR);
    assertThat(sre.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(sre.getStatus().getDescription()).isEqualTo("Unauthorized");
    com.google.rpc.ErrorInfo info = StatusProto.fromThrowable(sre).getDetails(0).unpack(com.google.rpc.ErrorInfo.class);
    assertThat(info.getReason()).isEqualTo("Unauthorized");
    assertThat(info.getDomain()).isEqualTo("dapr.io");
    assertThat(info.getMetadataMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("http.code", "401", "http.error_message", "missing api token in request metadata"));
    assertThat(e.errorCode()).isEqualTo("Unauthorized");
  }

  @Test
  void publishedCodesModeAnswersWithTheSeedTablesRetiredCodes() {
    ErrorRendering published = ErrorRendering.DAPR.withPublishedCodes(true);
    HttpError notConfigured = HttpErrorRenderer.render(StateErrors.notConfigured("s", "myapp"), published);
    assertThat(notConfigured.status()).isEqualTo(500);
    assertThat(notConfigured.bodyText()).isEqualTo(
        "{\"errorCode\":\"ERR_STATE_STORES_NOT_CONFIGURED\",\"message\":\"state store is not configured\"}");
    StatusRuntimeException grpc = GrpcErrorRenderer.toStatusRuntimeException(StateErrors.notConfigured("s", null),
        published);
    assertThat(grpc.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(grpc.getStatus().getDescription()).isEqualTo("state store is not configured");
    HttpError body = HttpErrorRenderer.render(io.jdaprd.errors.factories.CommonErrors.malformedRequest(
        "unexpected end of JSON input"), published);
    assertThat(body.bodyText()).isEqualTo(
        "{\"errorCode\":\"ERR_DESERIALIZE_HTTP_BODY\",\"message\":\"unexpected end of JSON input\"}");
    assertThat(HttpErrorRenderer.render(StateErrors.notConfigured("s", "myapp"), ErrorRendering.DAPR).bodyText())
        .startsWith("{\"errorCode\":\"ERR_STATE_STORE_NOT_CONFIGURED\"");
  }
}
