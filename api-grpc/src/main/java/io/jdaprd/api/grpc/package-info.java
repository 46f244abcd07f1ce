/**
 * The gRPC API: one {@code dapr.proto.runtime.v1.Dapr} service assembled by {@link io.jdaprd.api.grpc.DaprGrpcApi},
 * the API-token and language interceptors, and {@link io.jdaprd.api.grpc.GrpcCalls}, which runs a handler and
 * renders its failure as daprd's status. The handlers live in one package per building block.
 */
package io.jdaprd.api.grpc;
