package io.jdaprd.errors.factories;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.golang.GoFmt;

/** Errors of the actors API. All are legacy errors: a two-key HTTP body and no gRPC details. */
public final class ActorErrors {
  private static final String RESOURCE_TYPE = "actor";

  private ActorErrors() {
  }

  /** No state store is configured for actors. */
  public static DaprException runtimeNotFound() {
    return Errors.of(ErrorCode.ACTOR_RUNTIME_NOT_FOUND);
  }

  /** No placement service is configured: every actor and workflow API answers this. */
  public static DaprException noPlacement() {
    return Errors.of(ErrorCode.ACTOR_NO_PLACEMENT);
  }

  /** The actor runtime is shutting down. */
  public static DaprException runtimeClosed() {
    return Errors.of(ErrorCode.ACTOR_RUNTIME_CLOSED);
  }

  /** Kubernetes mode without a namespace. */
  public static DaprException namespaceRequired() {
    return Errors.of(ErrorCode.ACTOR_NAMESPACE_REQUIRED);
  }

  /** No host was found for {@code actorType/actorId}. */
  public static DaprException noAddress(String actorType, String actorId) {
    String actor = actorType + "/" + actorId;
    return Errors.about(ErrorCode.ACTOR_NO_ADDRESS, RESOURCE_TYPE, actor, actor);
  }

  /** An actor state transaction for an actor not active on this sidecar. */
  public static DaprException instanceMissing() {
    return Errors.of(ErrorCode.ACTOR_INSTANCE_MISSING);
  }

  /** Invoking an actor method failed (not an error answered by the actor itself). */
  public static DaprException invokeMethod(Object cause) {
    return Errors.of(ErrorCode.ACTOR_INVOKE_METHOD, cause);
  }

  /** Reading actor state failed. */
  public static DaprException stateGet(Object cause) {
    return Errors.of(ErrorCode.ACTOR_STATE_GET, cause);
  }

  /** An actor state transaction failed. */
  public static DaprException stateTransactionSave(Object cause) {
    return Errors.of(ErrorCode.ACTOR_STATE_TRANSACTION_SAVE, cause);
  }

  /** Creating a reminder failed. */
  public static DaprException reminderCreate(Object cause) {
    return Errors.of(ErrorCode.ACTOR_REMINDER_CREATE, cause);
  }

  /** Getting a reminder failed. */
  public static DaprException reminderGet(Object cause) {
    return Errors.of(ErrorCode.ACTOR_REMINDER_GET, cause);
  }

  /** Deleting a reminder failed. */
  public static DaprException reminderDelete(Object cause) {
    return Errors.of(ErrorCode.ACTOR_REMINDER_DELETE, cause);
  }

  /** The reminder {@code name} does not exist. */
  public static DaprException reminderNotFound(String name) {
    return Errors.of(ErrorCode.ACTOR_REMINDER_NOT_FOUND, name);
  }

  /** The reminder {@code name} exists and the request does not allow overwriting it. */
  public static DaprException reminderAlreadyExists(String name) {
    return Errors.of(ErrorCode.ACTOR_REMINDER_ALREADY_EXISTS, name);
  }

  /** A reminder operation for an actor type this app does not host. */
  public static DaprException reminderNonHosted() {
    return Errors.of(ErrorCode.ACTOR_REMINDER_NON_HOSTED);
  }

  /** Creating a timer failed. */
  public static DaprException timerCreate(Object cause) {
    return Errors.of(ErrorCode.ACTOR_TIMER_CREATE, cause);
  }

  /** Deleting a timer failed ({@code ERR_ACTOR_TIMER_DELETE}, of Dapr's published table). */
  public static DaprException timerDelete(Object cause) {
    return Errors.of(ErrorCode.ACTOR_TIMER_DELETE, cause);
  }

  /** Deleting actor state failed ({@code ERR_ACTOR_STATE_DELETE}, of Dapr's published table). */
  public static DaprException stateDelete(Object cause) {
    return Errors.of(ErrorCode.ACTOR_STATE_DELETE, cause);
  }

  /** A reentrant call chain is deeper than the configured maximum. */
  public static DaprException stackDepth() {
    return Errors.of(ErrorCode.ACTOR_STACK_DEPTH);
  }

  /** The actor type starts with {@code dapr.internal.}. */
  public static DaprException typeReserved(String actorType) {
    return Errors.about(ErrorCode.ACTOR_TYPE_RESERVED, RESOURCE_TYPE, actorType, actorType);
  }

  /** A reminder or timer name holding {@code #}, {@code ?}, {@code /}, a backslash or NUL (ERR_BAD_REQUEST). */
  public static DaprException nameForbiddenCharacter(String name) {
    return CommonErrors.badRequest(GoFmt.sprintf("name contains forbidden character: %q", name));
  }

  /** A reminder or timer name with a control character at byte {@code position}. */
  public static DaprException nameControlCharacter(int position, String name) {
    return CommonErrors.badRequest(GoFmt.sprintf("name contains control character at position %d: %q", position,
        name));
  }

  /** A reminder or timer name that is {@code .} or {@code ..}. */
  public static DaprException namePathTraversal(String name) {
    return CommonErrors.badRequest(GoFmt.sprintf("name is a path traversal sequence: %q", name));
  }

  /** There is no app channel for actors. */
  public static DaprException noAppChannel() {
    return Errors.of(ErrorCode.ACTOR_NO_APP_CHANNEL);
  }
  /**
   * Invoking an actor whose type no host registered: daprd's router wraps {@code ERR_ACTOR_NO_ADDRESS} in "failed
   * to lookup actor: ...", which gRPC still answers with the wrapped status's code and the whole text, while HTTP
   * reports it as {@code ERR_ACTOR_INVOKE_METHOD}.
   */
  public static DaprException invokeLookupFailed(String actorType, String actorId) {
    String text = "failed to lookup actor: " + noAddress(actorType, actorId).goError();
    return wrappedForInvoke(ErrorCode.ACTOR_NO_ADDRESS, text);
  }

  /**
   * A reentrant invocation deeper than the maximum: on gRPC the {@code ResourceExhausted} status with Go's text of
   * {@code ERR_ACTOR_STACK_DEPTH}, on HTTP {@code ERR_ACTOR_INVOKE_METHOD} naming it (daprd's router hands the lock's
   * error on wrapped, so its HTTP handler does not recognise it).
   */
  public static DaprException invokeStackDepth() {
    return wrappedForInvoke(ErrorCode.ACTOR_STACK_DEPTH, stackDepth().goError());
  }

  /**
   * Invoking an actor on another sidecar failed: gRPC answers the callee's status as is ({@code code},
   * {@code grpcText}), HTTP {@code ERR_ACTOR_INVOKE_METHOD} with Go's text of the error ({@code goText}, e.g.
   * {@code rpc error: code = Internal desc = ...}), as daprd's API handlers answer them.
   */
  public static DaprException invokeRemoteFailed(CauseCode code, String grpcText, String goText) {
    return DaprException.builder(ErrorCode.ACTOR_INVOKE_METHOD, grpcText).grpcCode(code.grpc()).message(grpcText)
        .httpForm(invokeMethod(goText)).build();
  }

  private static DaprException wrappedForInvoke(ErrorCode grpcCode, String text) {
    return DaprException.builder(grpcCode).message(text).httpForm(invokeMethod(text)).build();
  }
}
