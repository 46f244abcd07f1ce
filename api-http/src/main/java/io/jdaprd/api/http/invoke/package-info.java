/**
 * Service invocation and the fallback route: every request no route matches is a service invocation, so an
 * unknown route answers daprd's 404 {@code ERR_DIRECT_INVOKE}.
 */
package io.jdaprd.api.http.invoke;
