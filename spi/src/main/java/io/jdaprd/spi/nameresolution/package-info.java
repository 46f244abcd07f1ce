/**
 * The name-resolution SPI: how a sidecar announces itself and finds the sidecars of another app id, as daprd's
 * {@code nameresolution} components do ({@code mdns}, {@code sqlite}, {@code kubernetes}). Selected by the
 * Configuration's {@code spec.nameResolution}, not by a component file.
 */
package io.jdaprd.spi.nameresolution;
