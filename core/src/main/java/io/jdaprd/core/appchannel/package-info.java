/**
 * The app channel: how the sidecar calls the application (HTTP or the gRPC {@code AppCallback} service). The
 * interface lives here; the implementation ({@code appchannel} module, on Armeria) is wired by the server.
 */
package io.jdaprd.core.appchannel;
