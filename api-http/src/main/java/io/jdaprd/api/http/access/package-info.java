/**
 * What daprd's HTTP API server does around every route: CORS, the API token, API logging and the Configuration's API
 * allow and deny lists ({@link io.jdaprd.api.http.access.HttpApiPolicies}), over daprd's table of HTTP endpoints
 * ({@link io.jdaprd.api.http.access.HttpEndpoints}).
 */
package io.jdaprd.api.http.access;
