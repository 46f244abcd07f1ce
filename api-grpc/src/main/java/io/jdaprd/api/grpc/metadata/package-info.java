/**
 * The gRPC metadata API ({@code GetMetadata}, {@code SetMetadata}) and {@code Shutdown}: the metadata block's view
 * as daprd's {@code GetMetadataResponse}, extended values set through the API, and shutdown through the lifecycle.
 */
package io.jdaprd.api.grpc.metadata;
