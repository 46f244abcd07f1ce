package io.jdaprd.core.metrics;

/** daprd's {@code operation} label values of the component metrics. */
public final class Operations {
  /** A single get. */
  public static final String GET = "get";
  /** A single save. */
  public static final String SET = "set";
  /** A single delete. */
  public static final String DELETE = "delete";
  /** A bulk get. */
  public static final String BULK_GET = "bulk_get";
  /** A bulk delete. */
  public static final String BULK_DELETE = "bulk_delete";
  /** A transaction. */
  public static final String TRANSACTION = "transaction";
  /** A query. */
  public static final String QUERY = "query";
  /** A configuration subscribe. */
  public static final String SUBSCRIBE = "subscribe";
  /** A configuration unsubscribe. */
  public static final String UNSUBSCRIBE = "unsubscribe";

  private Operations() {
  }
}
