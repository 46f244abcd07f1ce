/** Configuration: {@link io.jdaprd.core.configuration.ConfigurationBlock}. */
package io.jdaprd.core.configuration;
