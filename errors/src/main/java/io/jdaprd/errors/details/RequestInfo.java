package io.jdaprd.errors.details;

/** {@code google.rpc.RequestInfo}: which request failed, for correlation with logs. */
public record RequestInfo(String requestId, String servingData) implements ErrorDetail {

  public RequestInfo {
    requestId = requestId == null ? "" : requestId;
    servingData = servingData == null ? "" : servingData;
  }

  @Override
  public String typeName() {
    return "RequestInfo";
  }
}
