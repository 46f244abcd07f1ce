package io.jdaprd.errors.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.errors.details.ResourceInfo;
import org.junit.jupiter.api.Test;

class HttpErrorParserTest {

  @Test
  void readsProtojsonCamelCaseDetails() {
    DaprException e = HttpErrorParser.parse(400, "{\"errorCode\":\"ERR_PUBSUB_NOT_FOUND\",\"message\":\"pubsub '"
        + "p' not found\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ResourceInfo\",\"resourceType\":"
        + "\"pubsub\",\"resourceName\":\"p\"},{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":"
        + "\"DAPR_PUBSUB_TEST_NOT_FOUND\",\"domain\":\"dapr.io\",\"metadata\":{}}]}");
    assertThat(e.code()).isEqualTo(ErrorCode.PUBSUB_TEST_NOT_FOUND);
    assertThat(e.resourceInfo()).contains(new ResourceInfo("pubsub", "p", "", ""));
    assertThat(e.errorInfo().orElseThrow().metadata()).isEmpty();
  }

  @Test
  void keepsAnErrorCodeTheCatalogDoesNotKnow() {
    DaprException e = HttpErrorParser.parse(509, "{\"errorCode\":\"query-tag\",\"message\":\"query-error\","
        + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"domain\":\"query-domain\","
        + "\"metadata\":null,\"reason\":\"query-reason\"}]}");
    assertThat(e.code()).isEqualTo(ErrorCode.ERROR);
    assertThat(e.errorCode()).isEqualTo("query-tag");
    assertThat(e.httpStatus()).isEqualTo(509);
    assertThat(e.reason()).isEqualTo("query-reason");
    assertThat(e.errorInfo().orElseThrow().domain()).isEqualTo("query-domain");
  }

  @Test
  void bodyThatIsNotADaprErrorBecomesERROR() {
    DaprException e = HttpErrorParser.parse(401, "invalid api token\n");
    assertThat(e.code()).isEqualTo(ErrorCode.ERROR);
    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(e.getMessage()).isEqualTo("invalid api token\n");
    assertThat(HttpErrorParser.parse(500, "{}").code()).isEqualTo(ErrorCode.ERROR);
  }

  @Test
  void picksTheVariantByStatusAndMessage() {
    assertThat(HttpErrorParser.parse(409, "{\"errorCode\":\"ERR_STATE_SAVE\",\"message\":\"failed saving state in "
        + "state store s: possible etag mismatch. error from state store: x\"}").code())
        .isEqualTo(ErrorCode.STATE_SAVE_ETAG_MISMATCH);
    assertThat(HttpErrorParser.parse(404, "{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":\"failed getting app id "
        + "either from the URL path or the header dapr-app-id\"}").code()).isEqualTo(ErrorCode.DIRECT_INVOKE_NO_APP_ID);
    assertThat(HttpErrorParser.parse(400, "{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"LockOwner is "
        + "empty in lock store l\"}").code()).isEqualTo(ErrorCode.LOCK_OWNER_EMPTY);
  }
}
