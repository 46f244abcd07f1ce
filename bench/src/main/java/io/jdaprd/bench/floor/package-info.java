/**
 * The floor: a bare Armeria server that answers every request without doing anything, the physical limit the
 * sidecar's numbers are read against; also the app behind the sidecars of the {@code invoke} scenario.
 */
package io.jdaprd.bench.floor;
