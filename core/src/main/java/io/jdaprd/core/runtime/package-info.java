/**
 * The one assembly of the runtime: {@link io.jdaprd.core.runtime.Runtime} builds every block from
 * {@link io.jdaprd.core.runtime.RuntimeOptions} and {@link io.jdaprd.core.runtime.Resources} and runs the app's
 * startup; {@link io.jdaprd.core.runtime.Blocks} is what the API adapters serve; {@link
 * io.jdaprd.core.runtime.Lifecycle} is shutdown requested through the API; {@link
 * io.jdaprd.core.runtime.ApiSettings} is what both API servers share; {@link io.jdaprd.core.runtime.Features} are
 * the Configuration's preview features, and {@code ComponentReloader} is hot reload (daprd's default-on
 * {@code HotReload} feature) applying changed resources to the running blocks.
 */
package io.jdaprd.core.runtime;
