/**
 * The floor: a bare Armeria server that answers every request without doing anything, the physical limit the
 * sidecar's numbers are read against.
 */
package io.jdaprd.bench.floor;
