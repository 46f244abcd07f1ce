/**
 * The gRPC side of the error model: {@link io.jdaprd.errors.grpc.GrpcErrorRenderer} turns a
 * {@link io.jdaprd.errors.DaprException} into a status with its {@code grpc-status-details-bin} trailer, and
 * {@link io.jdaprd.errors.grpc.GrpcErrorParser} reads any gRPC failure back into the catalog with typed details.
 */
package io.jdaprd.errors.grpc;
