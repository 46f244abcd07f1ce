/**
 * The composition root: flags, explicit wiring, the built-in component list and the runnable jar.
 */
package io.jdaprd.server;
