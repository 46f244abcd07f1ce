/**
 * {@code HTTPEndpoint} resources ({@code dapr.io/v1alpha1}): the external HTTP services that service invocation can
 * call by name, read from the resources paths as daprd's disk loader reads them.
 */
package io.jdaprd.core.invoke.endpoints;
