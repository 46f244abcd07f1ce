/**
 * The state store SPI. A store implements {@link io.jdaprd.spi.state.StateStore}; optional capabilities are the
 * facets {@link io.jdaprd.spi.state.TransactionalStateStore} and {@link io.jdaprd.spi.state.QueryableStateStore},
 * and {@link io.jdaprd.spi.state.StateStore#features()} lists what it supports. Keys reach the store already
 * prefixed by the runtime ({@code appid||key}); values are opaque bytes.
 */
package io.jdaprd.spi.state;
