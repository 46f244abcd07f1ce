package io.jdaprd.core.invoke.acl;

/**
 * The outcome of an access-control check.
 *
 * @param allowed whether the call may go on to the app
 * @param scope which action decided, as daprd's ACL metrics tell them apart
 */
public record Decision(boolean allowed, Scope scope) {
  /** Which action decided a call. */
  public enum Scope {
    /** No access control is configured: every call is allowed. */
    NONE,
    /**
     * The global {@code defaultAction} (no identity, or no policy that fits the caller), or a policy without a
     * {@code defaultAction} of its own, whose operations may still have decided: daprd's metrics count it so.
     */
    GLOBAL,
    /** The caller's app policy, which has a {@code defaultAction}: that action or one of its operations decided. */
    APP
  }
}
