/**
 * The composition root: daprd's flags, the explicit list of built-in components, the wiring of blocks to the HTTP
 * and gRPC servers, the embedded defaults, and the process lifecycle.
 */
package io.jdaprd.server;
