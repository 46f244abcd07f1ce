/** The metadata API: the sidecar's id, components with their capabilities, extended metadata, runtime version. */
package io.jdaprd.core.metadata;
