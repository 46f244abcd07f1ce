package io.jdaprd.errors.factories;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;

/** Errors of the workflow API. {@code cause} texts embed daprd's inner wording, for example the retry wrapper's. */
public final class WorkflowErrors {
  /** The longest workflow instance id daprd accepts. */
  public static final int MAX_INSTANCE_ID_LENGTH = 64;
  private static final String RESOURCE_TYPE = "workflow";

  private WorkflowErrors() {
  }

  /** No instance id was given. */
  public static DaprException instanceIdMissing() {
    return Errors.of(ErrorCode.INSTANCE_ID_PROVIDED_MISSING);
  }

  /** The instance id is longer than {@link #MAX_INSTANCE_ID_LENGTH}. */
  public static DaprException instanceIdTooLong() {
    return Errors.of(ErrorCode.INSTANCE_ID_TOO_LONG, MAX_INSTANCE_ID_LENGTH);
  }

  /** The instance id has a character other than a letter, digit, underscore or dash. */
  public static DaprException instanceIdInvalid(String id) {
    return Errors.about(ErrorCode.INSTANCE_ID_INVALID, RESOURCE_TYPE, id, id);
  }

  /** Start without a workflow name. */
  public static DaprException nameMissing() {
    return Errors.of(ErrorCode.WORKFLOW_NAME_MISSING);
  }

  /** Raise event without an event name. */
  public static DaprException eventNameMissing() {
    return Errors.of(ErrorCode.WORKFLOW_EVENT_NAME_MISSING);
  }

  /** A cross-app workflow names an invalid app id. */
  public static DaprException appIdInvalid(String appId) {
    return Errors.of(ErrorCode.WORKFLOW_APP_ID_INVALID, appId);
  }

  /** No instance has {@code id}. */
  public static DaprException instanceNotFound(String id) {
    return Errors.about(ErrorCode.INSTANCE_ID_NOT_FOUND, RESOURCE_TYPE, id, id);
  }

  /** Starting {@code name} failed. */
  public static DaprException start(String name, Object cause) {
    return Errors.of(ErrorCode.START_WORKFLOW, name, cause);
  }

  /** Getting instance {@code id} failed. */
  public static DaprException get(String id, Object cause) {
    return Errors.about(ErrorCode.GET_WORKFLOW, RESOURCE_TYPE, id, id, cause);
  }

  /** Terminating instance {@code id} failed. */
  public static DaprException terminate(String id, Object cause) {
    return Errors.about(ErrorCode.TERMINATE_WORKFLOW, RESOURCE_TYPE, id, id, cause);
  }

  /** Raising an event on instance {@code id} failed. */
  public static DaprException raiseEvent(String id, Object cause) {
    return Errors.about(ErrorCode.RAISE_EVENT_WORKFLOW, RESOURCE_TYPE, id, id, cause);
  }

  /** Pausing instance {@code id} failed. */
  public static DaprException pause(String id, Object cause) {
    return Errors.about(ErrorCode.PAUSE_WORKFLOW, RESOURCE_TYPE, id, id, cause);
  }

  /** Resuming instance {@code id} failed. */
  public static DaprException resume(String id, Object cause) {
    return Errors.about(ErrorCode.RESUME_WORKFLOW, RESOURCE_TYPE, id, id, cause);
  }

  /** Purging instance {@code id} failed. */
  public static DaprException purge(String id, Object cause) {
    return Errors.about(ErrorCode.PURGE_WORKFLOW, RESOURCE_TYPE, id, id, cause);
  }

  /** No workflow component was given (defined by Dapr, raised by no current route). */
  public static DaprException componentMissing() {
    return Errors.of(ErrorCode.WORKFLOW_COMPONENT_MISSING);
  }

  /** The workflow component does not exist (defined by Dapr, raised by no current route). */
  public static DaprException componentNotFound(String name) {
    return Errors.of(ErrorCode.WORKFLOW_COMPONENT_NOT_FOUND, name);
  }
}
