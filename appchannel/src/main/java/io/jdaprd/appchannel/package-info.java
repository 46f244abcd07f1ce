/**
 * The app channel on Armeria: the sidecar calling the application over HTTP ({@code http}, {@code https},
 * {@code h2c}) or over Dapr's gRPC {@code AppCallback} service ({@code grpc}, {@code grpcs}). {@link
 * io.jdaprd.appchannel.AppChannels#create} picks the implementation of {@link io.jdaprd.core.appchannel.AppChannel}
 * for daprd's {@code --app-protocol}.
 */
package io.jdaprd.appchannel;
