/** Output bindings: {@link io.jdaprd.core.bindings.BindingsBlock}. */
package io.jdaprd.core.bindings;
