/**
 * Resiliency, as daprd's {@code pkg/resiliency}: the {@code Resiliency} resources (timeouts, retries, circuit
 * breakers and the targets they apply to), daprd's built-in retry policies, and the {@link
 * io.jdaprd.core.resiliency.Policy} that runs one operation under them. Each call site asks {@link
 * io.jdaprd.core.resiliency.Resiliency} once for the policy of its target and runs its operation through it.
 */
package io.jdaprd.core.resiliency;
