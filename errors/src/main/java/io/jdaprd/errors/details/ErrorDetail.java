package io.jdaprd.errors.details;

/**
 * One detail of a rich error: a record per {@code google.rpc} detail type of {@code error_details.proto}. Records are
 * transport-neutral; the HTTP and gRPC renderers turn them into JSON maps and {@code Any}-packed protos.
 */
public sealed interface ErrorDetail
    permits ErrorInfo, ResourceInfo, BadRequest, Help, LocalizedMessage, RetryInfo, DebugInfo, QuotaFailure,
    PreconditionFailure, RequestInfo {

  /** The {@code google.rpc} message name of this detail, for example {@code ErrorInfo}. */
  String typeName();

  /** The {@code @type} URL this detail carries on both transports. */
  default String typeUrl() {
    return "type.googleapis.com/google.rpc." + typeName();
  }
}
