/** The runtime's own lifecycle: shutdown requested through the API. */
package io.jdaprd.core.runtime;
