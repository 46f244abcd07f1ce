/**
 * The plumbing every HTTP adapter package shares: {@link io.jdaprd.api.http.calls.HttpRoutes} is what a block's route
 * package implements, {@link io.jdaprd.api.http.calls.HttpCalls} runs each request off the event loop and renders its
 * failure as daprd's JSON, and {@link io.jdaprd.api.http.calls.ProtoJsonBodies} reads the bodies daprd decodes with
 * protojson. It sits below the block packages and {@link io.jdaprd.api.http.DaprHttpApi}, which assembles them, so no
 * package cycle forms.
 */
package io.jdaprd.api.http.calls;
