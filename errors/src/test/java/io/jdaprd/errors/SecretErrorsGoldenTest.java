package io.jdaprd.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jdaprd.errors.factories.SecretErrors;
import io.jdaprd.errors.grpc.GrpcErrorRenderer;
import io.jdaprd.errors.http.HttpError;
import io.jdaprd.errors.http.HttpErrorRenderer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every secrets error as daprd 1.18 writes it (dapr-errors.md 3.7, all legacy): the HTTP status and exact body, the
 * gRPC code and description, no details on either wire.
 */
class SecretErrorsGoldenTest {
  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(SecretErrors.notConfigured(), 500, Status.Code.FAILED_PRECONDITION,
            "{\"errorCode\":\"ERR_SECRET_STORES_NOT_CONFIGURED\",\"message\":\"secret store is not configured\"}"),
        Arguments.of(SecretErrors.storeNotFound("vault"), 401, Status.Code.INVALID_ARGUMENT,
            "{\"errorCode\":\"ERR_SECRET_STORE_NOT_FOUND\",\"message\":\"failed finding secret store with key vault\"}"),
        Arguments.of(SecretErrors.permissionDenied("vault", "db"), 403, Status.Code.PERMISSION_DENIED,
            "{\"errorCode\":\"ERR_PERMISSION_DENIED\",\"message\":\"access denied by policy to get \\\"db\\\" from "
                + "\\\"vault\\\"\"}"),
        Arguments.of(SecretErrors.get("vault", "key1", "secret key1 not found"), 500, Status.Code.INTERNAL,
            "{\"errorCode\":\"ERR_SECRET_GET\",\"message\":\"failed getting secret with key key1 from secret store "
                + "vault: secret key1 not found\"}"),
        Arguments.of(SecretErrors.bulkGet("vault", "backend down"), 500, Status.Code.INTERNAL,
            "{\"errorCode\":\"ERR_SECRET_GET\",\"message\":\"failed getting secrets from secret store vault: "
                + "backend down\"}"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void byteIdenticalOnBothWires(DaprException e, int status, Status.Code code, String body) {
    HttpError http = HttpErrorRenderer.render(e, ErrorRendering.DAPR);
    assertThat(http.status()).isEqualTo(status);
    assertThat(http.bodyText()).isEqualTo(body);
    StatusRuntimeException grpc = GrpcErrorRenderer.toStatusRuntimeException(e, ErrorRendering.DAPR);
    assertThat(grpc.getStatus().getCode()).isEqualTo(code);
    assertThat(body).contains("\"message\":" + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(
        grpc.getStatus().getDescription()).toString());
    assertThat(grpc.getTrailers() == null || grpc.getTrailers().keys().stream()
        .noneMatch(k -> k.equals("grpc-status-details-bin"))).isTrue();
  }
}
