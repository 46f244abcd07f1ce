/**
 * The HTTP API (Armeria): one route class per building block that parses the request, calls the block once off
 * the event loop, and renders the result or the error. {@link io.jdaprd.api.http.DaprHttpApi} assembles them.
 */
package io.jdaprd.api.http;
