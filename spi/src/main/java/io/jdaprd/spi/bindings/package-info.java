/**
 * The binding SPI: an output binding performs an operation on an external system for the app; an input binding
 * reads events from one and hands each to the runtime, which delivers it to the app. One component may be both.
 */
package io.jdaprd.spi.bindings;
