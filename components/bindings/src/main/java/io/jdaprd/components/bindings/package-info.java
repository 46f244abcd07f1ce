/**
 * Bindings that need nothing but the JDK: {@code bindings.http} (an HTTP request per call),
 * {@code bindings.localstorage} (files under a root directory) and {@code bindings.cron} (events on a schedule).
 */
package io.jdaprd.components.bindings;
