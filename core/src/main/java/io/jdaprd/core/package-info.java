/**
 * The protocol-neutral runtime, one package per building block.
 */
package io.jdaprd.core;
