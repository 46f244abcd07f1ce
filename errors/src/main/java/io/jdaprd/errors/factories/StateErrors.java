package io.jdaprd.errors.factories;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.errors.GrpcCodeNames;
import io.jdaprd.golang.GoFmt;
import io.jdaprd.errors.details.BadRequest;
import io.jdaprd.errors.details.Help;
import java.util.Map;

/** Errors of the state management API. {@code cause} arguments print as Go's {@code %v} would print them. */
public final class StateErrors {
  /** The component type daprd names in state errors and ResourceInfo. */
  public static final String RESOURCE_TYPE = "state";
  static final String SUPPORTED_STORES_URL = "https://docs.dapr.io/reference/components-reference/supported-state-stores/";
  static final String SUPPORTED_STORES_TEXT = "Check the list of state stores and the features they support";

  /** The text of a mismatch, as components-contrib's {@code ETagError} writes it. */
  static final String ETAG_MISMATCH = "possible etag mismatch. error from state store";
  /** The text of an invalid ETag, as components-contrib's {@code ETagError} writes it. */
  static final String ETAG_INVALID = "invalid etag value";

  private StateErrors() {
  }

  /**
   * No state store is loaded at all. On HTTP, daprd puts {@code appId} in the ErrorInfo metadata; on gRPC it sends
   * none.
   */
  public static DaprException notConfigured(String store, String appId) {
    return storeMissing(ErrorCode.STATE_STORE_NOT_CONFIGURED, store, appId);
  }

  /** The named store does not exist (others do); {@code appId} as for {@link #notConfigured}. */
  public static DaprException notFound(String store, String appId) {
    return storeMissing(ErrorCode.STATE_STORE_NOT_FOUND, store, appId);
  }

  /** {@link #notConfigured} for the query API, which sends no {@code appID} on either transport. */
  public static DaprException notConfiguredForQuery(String store) {
    return storeMissing(ErrorCode.STATE_STORE_NOT_CONFIGURED, store, null);
  }

  /** {@link #notFound} for the query API, which sends no {@code appID} on either transport. */
  public static DaprException notFoundForQuery(String store) {
    return storeMissing(ErrorCode.STATE_STORE_NOT_FOUND, store, null);
  }

  private static DaprException storeMissing(ErrorCode code, String store, String appId) {
    Map<String, String> httpMetadata = appIdMetadata(appId);
    DaprException http = httpMetadata == null ? null
        : DaprException.builder(code, store).resource(RESOURCE_TYPE, store).errorInfoMetadata(httpMetadata).build();
    DaprException.Builder b = DaprException.builder(code, store).resource(RESOURCE_TYPE, store).httpForm(http);
    if (code == ErrorCode.STATE_STORE_NOT_CONFIGURED) {
      b.published(storesNotConfiguredLegacy());
    }
    return b.build();
  }

  /**
   * A key contains {@code ||}. On gRPC the message is plain; on HTTP daprd wraps it once more, so both the message
   * and the field violation read {@code api error: code = InvalidArgument desc = ...}.
   */
  public static DaprException illegalKey(String store, String key) {
    return illegalKey(store, key, key);
  }

  /** {@link #illegalKey} inside an HTTP transaction, where daprd loses the key: the HTTP field is empty. */
  public static DaprException illegalKeyInTransaction(String store, String key) {
    return illegalKey(store, key, "");
  }

  private static DaprException illegalKey(String store, String key, String httpField) {
    String message = GoFmt.sprintf(ErrorCode.STATE_ILLEGAL_KEY.template(), key);
    String httpMessage = GrpcCodeNames.apiError(ErrorCode.STATE_ILLEGAL_KEY.grpcCode(), message);
    DaprException http = illegalKeyError(store, key, httpField, httpMessage, null);
    return illegalKeyError(store, key, key, message, http);
  }

  private static DaprException illegalKeyError(String store, String key, String field, String message,
      DaprException http) {
    return DaprException.builder(ErrorCode.STATE_ILLEGAL_KEY, key).message(message)
        .detail(BadRequest.of(field, message)).resourceInfo(RESOURCE_TYPE, store, "", "").httpForm(http).build();
  }

  /** The store has no transaction support. */
  public static DaprException transactionsNotSupported(String store) {
    return DaprException.builder(ErrorCode.STATE_TRANSACTIONS_NOT_SUPPORTED, store)
        .detail(Help.of(SUPPORTED_STORES_URL, SUPPORTED_STORES_TEXT)).resourceInfo(RESOURCE_TYPE, store, "", "")
        .build();
  }

  /** The store cannot query. */
  public static DaprException queryNotSupported(String store) {
    return DaprException.builder(ErrorCode.STATE_QUERYING_NOT_SUPPORTED).resourceInfo(RESOURCE_TYPE, store, "", "")
        .build();
  }

  /** A transaction has more operations than the store's limit. */
  public static DaprException tooManyTransactionalOps(String store, int count, int max) {
    return DaprException.builder(ErrorCode.STATE_TOO_MANY_TRANSACTIONS, count, max)
        .resourceInfo(RESOURCE_TYPE, store, "", "")
        .errorInfoMetadata(Map.of("currentOpsTransaction", Integer.toString(count),
            "maxOpsPerTransaction", Integer.toString(max)))
        .build();
  }

  /** A query failed; {@code detail} says why. */
  public static DaprException queryFailed(String store, Object detail) {
    return DaprException.builder(ErrorCode.STATE_QUERY, store, detail).resourceInfo(RESOURCE_TYPE, store, "", "")
        .build();
  }

  /** The store failed to get {@code key}. */
  public static DaprException get(String store, String key, Object cause) {
    return basic(ErrorCode.STATE_GET, store, cause, key, store, cause);
  }

  /** The store failed to save. */
  public static DaprException save(String store, Object cause) {
    return basic(ErrorCode.STATE_SAVE, store, cause, store, cause);
  }

  /** A save was refused because its ETag does not match (HTTP 409, gRPC Aborted). */
  public static DaprException saveEtagMismatch(String store, Object cause) {
    return basic(ErrorCode.STATE_SAVE_ETAG_MISMATCH, store, cause, store, etagCause(ETAG_MISMATCH, cause));
  }

  /** A save carried an ETag the store cannot read (HTTP 400, gRPC InvalidArgument). */
  public static DaprException saveEtagInvalid(String store, Object cause) {
    return basic(ErrorCode.STATE_SAVE_ETAG_INVALID, store, cause, store, etagCause(ETAG_INVALID, cause));
  }

  /**
   * A save item has an empty key: on gRPC {@code state key cannot be empty} (400 / InvalidArgument, reason
   * {@code ERR_STATE_SAVE}); on HTTP {@code "key" is a required field} ({@code ERR_MALFORMED_REQUEST}).
   */
  public static DaprException keyEmpty(String store) {
    return DaprException.builder(ErrorCode.STATE_KEY_EMPTY).resource(RESOURCE_TYPE, store).httpForm(keyRequired())
        .build();
  }

  /** The store failed to delete {@code key}. */
  public static DaprException delete(String store, String key, Object cause) {
    return basic(ErrorCode.STATE_DELETE, store, cause, key, cause);
  }

  /** A delete was refused because its ETag does not match. */
  public static DaprException deleteEtagMismatch(String store, String key, Object cause) {
    return basic(ErrorCode.STATE_DELETE_ETAG_MISMATCH, store, cause, key, etagCause(ETAG_MISMATCH, cause));
  }

  /** A delete carried an ETag the store cannot read. */
  public static DaprException deleteEtagInvalid(String store, String key, Object cause) {
    return basic(ErrorCode.STATE_DELETE_ETAG_INVALID, store, cause, key, etagCause(ETAG_INVALID, cause));
  }

  /** The store failed a bulk delete (gRPC only). */
  public static DaprException bulkDelete(String store, Object cause) {
    return basic(ErrorCode.STATE_BULK_DELETE, store, cause, store, cause);
  }

  /** A bulk delete was refused because an ETag does not match. */
  public static DaprException bulkDeleteEtagMismatch(String store, Object cause) {
    return basic(ErrorCode.STATE_BULK_DELETE_ETAG_MISMATCH, store, cause, store, etagCause(ETAG_MISMATCH, cause));
  }

  /** A bulk delete carried an ETag the store cannot read. */
  public static DaprException bulkDeleteEtagInvalid(String store, Object cause) {
    return basic(ErrorCode.STATE_BULK_DELETE_ETAG_INVALID, store, cause, store, etagCause(ETAG_INVALID, cause));
  }

  /** The store failed a bulk get (HTTP: the component's own text is the message). */
  public static DaprException bulkGet(String store, Object cause) {
    return basic(ErrorCode.STATE_BULK_GET, store, cause, cause);
  }

  /** A transaction operation other than {@code upsert} or {@code delete}. */
  public static DaprException operationNotSupported(String store, String operation) {
    return basic(ErrorCode.NOT_SUPPORTED_STATE_OPERATION, store, null, operation);
  }

  /** The store failed a transaction (ETag conflicts included: daprd does not map them to 409 here). */
  public static DaprException transaction(String store, Object cause) {
    return basic(ErrorCode.STATE_TRANSACTION, store, cause, cause);
  }

  /** A transaction failed on an ETag mismatch: still 500, with the store's ETag wording as the cause. */
  public static DaprException transactionEtagMismatch(String store, Object cause) {
    return basic(ErrorCode.STATE_TRANSACTION, store, cause, etagCause(ETAG_MISMATCH, cause));
  }

  /** A transaction failed on an ETag the store cannot read: still 500, with the ETag wording as the cause. */
  public static DaprException transactionEtagInvalid(String store, Object cause) {
    return basic(ErrorCode.STATE_TRANSACTION, store, cause, etagCause(ETAG_INVALID, cause));
  }

  /** No state store is loaded, under the older code of Dapr's published table ({@code ERR_STATE_STORES_NOT_CONFIGURED}). */
  public static DaprException storesNotConfiguredLegacy() {
    return DaprException.of(ErrorCode.STATE_STORES_NOT_CONFIGURED);
  }

  /** A body that does not decode, under the older code of Dapr's published table ({@code ERR_DESERIALIZE_HTTP_BODY}). */
  public static DaprException deserializeHttpBody(Object cause) {
    return Errors.of(ErrorCode.DESERIALIZE_HTTP_BODY, cause);
  }

  /** An HTTP state body that does not decode; {@code decoderText} is the decoder's own message. */
  public static DaprException malformedBody(String decoderText) {
    return DaprException.of(ErrorCode.MALFORMED_REQUEST_RAW, decoderText);
  }

  /** An HTTP save item without a key. */
  public static DaprException keyRequired() {
    return DaprException.of(ErrorCode.MALFORMED_REQUEST_RAW, "\"key\" is a required field");
  }

  private static DaprException basic(ErrorCode code, String store, Object cause, Object... args) {
    DaprException.Builder b = DaprException.builder(code, args).resource(RESOURCE_TYPE, store);
    if (cause instanceof Throwable t) {
      b.cause(t);
    }
    return b.build();
  }

  /** {@code prefix: cause}, or the prefix alone when the store gave no cause (as Dapr's SQL stores often do). */
  private static String etagCause(String prefix, Object cause) {
    String text = cause == null ? "" : GoFmt.text(cause);
    return text.isEmpty() ? prefix : prefix + ": " + text;
  }

  private static Map<String, String> appIdMetadata(String appId) {
    return appId == null || appId.isEmpty() ? null : Map.of("appID", appId);
  }
}
