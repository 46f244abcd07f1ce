/**
 * The HTTP API (Armeria): one package per building block ({@code api.http.<block>}) whose
 * {@link io.jdaprd.api.http.calls.HttpRoutes} parse the request, call the block once off the event loop, and render the
 * result or the error through {@link io.jdaprd.api.http.calls.HttpCalls}. {@link io.jdaprd.api.http.DaprHttpApi} lists
 * the blocks' routes, one line each, and adds the body size limit and {@code access}'s policies.
 */
package io.jdaprd.api.http;
