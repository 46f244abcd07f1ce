/**
 * The gRPC API: one {@code dapr.proto.runtime.v1.Dapr} service assembled by {@link io.jdaprd.api.grpc.DaprGrpcApi}
 * from one binding per building block ({@code api.grpc.<block>}, each binding its RPCs with
 * {@link io.jdaprd.api.grpc.calls.GrpcMethods}; every RPC bound exactly once, checked when the service is built), the
 * API-token and language interceptors, {@link io.jdaprd.api.grpc.calls.GrpcCalls}, which runs a handler and renders its
 * failure as daprd's status, and the answer to unknown services and methods.
 */
package io.jdaprd.api.grpc;
