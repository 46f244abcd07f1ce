/** Service invocation: {@link io.jdaprd.core.invoke.InvokeBlock}. */
package io.jdaprd.core.invoke;
