package io.jdaprd.core.invoke.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

/** The called sidecar's steps before its app, in daprd's order, and the errors they answer. */
class AuthorizeTest {
  private static final String DENY_ALL_BUT_CHECKOUT = """
      defaultAction: deny
      policies:
      - appId: checkout
        trustDomain: public
        namespace: default
        defaultAction: deny
        operations:
        - {name: /public, httpVerb: ['*'], action: allow}
      """;

  private static AccessControl acl(String yaml) throws InvalidAccessControlException {
    return AccessControl.parse(AccessControlTest.yaml(yaml), true);
  }

  private static DaprException denial(ThrowableAssert.ThrowingCallable call) {
    DaprException e = catchThrowableOfType(DaprException.class, call);
    assertThat(e).as("a DaprException").isNotNull();
    return e;
  }

  @Test
  void anAllowedCallGivesTheNormalisedMethod() throws Exception {
    assertThat(acl(DENY_ALL_BUT_CHECKOUT).authorize("spiffe://public/ns/default/checkout", "admin/../public/x",
        "GET", true)).isEqualTo("public/x");
  }

  @Test
  void aDeniedCallIsPermissionDeniedWithDaprdsText() {
    DaprException e = denial(() -> acl(DENY_ALL_BUT_CHECKOUT).authorize("spiffe://public/ns/default/checkout",
        "public%2F..%2Fadmin/../../admin", "GET", true));
    assertThat(e.code()).isEqualTo(ErrorCode.DIRECT_INVOKE_ACCESS_DENIED);
    assertThat(e.grpcCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getMessage()).isEqualTo("access control policy has denied access to id: "
        + "spiffe://public/ns/default/checkout operation: admin verb: GET");
  }

  @Test
  void withoutMtlsTheDenialNamesNoCallerAndAGrpcCheckNoVerb() {
    DaprException e = denial(() -> acl(DENY_ALL_BUT_CHECKOUT).authorize(null, "public", "GET", false));
    assertThat(e.getMessage())
        .isEqualTo("access control policy has denied access to id:  operation: public verb: NONE");
  }

  @Test
  void aMethodDaprdRefusesIsInvalidArgumentBeforeAnyCheck() {
    DaprException e = denial(() -> AccessControl.NONE.authorize(null, "admin?x", "GET", true));
    assertThat(e.code()).isEqualTo(ErrorCode.DIRECT_INVOKE_INVALID_METHOD);
    assertThat(e.grpcCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getMessage()).isEqualTo("invalid method: method contains forbidden character: \"admin?x\"");
  }

  @Test
  void aCallerIdThatNamesNoDaprAppIsDeniedWhenAListIsInForce() throws Exception {
    DaprException e = denial(() -> AccessControl.DEFAULT.authorize("spiffe://public/workload", "x", null, true));
    assertThat(e.code()).isEqualTo(ErrorCode.DIRECT_INVOKE_MALFORMED_CALLER);
    assertThat(e.grpcCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getMessage()).isEqualTo("malformed SPIFFE ID: spiffe://public/workload");
    assertThat(AccessControl.NONE.authorize("spiffe://public/workload", "x", null, true)).isEqualTo("x");
  }
}
