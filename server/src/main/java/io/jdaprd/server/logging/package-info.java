/** Logging: daprd's levels, plain lines by default and daprd's JSON lines with {@code --log-as-json}. */
package io.jdaprd.server.logging;
