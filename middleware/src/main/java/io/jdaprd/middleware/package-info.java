/**
 * HTTP middleware as daprd runs it ({@code pkg/middleware/http}): {@link io.jdaprd.middleware.HttpMiddleware} (a
 * {@code middleware.http.*} component on Armeria's request and response types) and
 * {@link io.jdaprd.middleware.HttpPipeline} (a Configuration's {@code spec.httpPipeline} or
 * {@code spec.appHttpPipeline}: handlers named by component, in order, one that is not loaded skipped), offered as
 * an Armeria server decorator (the HTTP API) and client decorator (the app channel).
 */
package io.jdaprd.middleware;
