/**
 * The gRPC state API ({@code GetState}, {@code GetBulkState}, {@code SaveState}, {@code DeleteState},
 * {@code DeleteBulkState}, {@code ExecuteStateTransaction}, {@code QueryStateAlpha1}): proto messages to the core's
 * records and back, one call of the state block in between.
 */
package io.jdaprd.api.grpc.state;
