/**
 * What daprd's gRPC API server does around every call: the Configuration's API allow and deny lists
 * ({@link io.jdaprd.api.grpc.access.GrpcApiAccess}) and API logging
 * ({@link io.jdaprd.api.grpc.access.GrpcApiLogging}).
 */
package io.jdaprd.api.grpc.access;
