/**
 * The bindings building block: output binding calls ({@link io.jdaprd.core.bindings.BindingsBlock#invoke}) and the
 * delivery of input binding events to the app through {@link io.jdaprd.core.bindings.BindingApp}.
 */
package io.jdaprd.core.bindings;
