/** Health: the readiness targets behind {@code /v1.0/healthz} and {@code /v1.0/healthz/outbound}. */
package io.jdaprd.core.health;
