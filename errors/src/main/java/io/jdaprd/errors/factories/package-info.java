/**
 * One factory per building block: the only places that word error messages and choose their details, in the order
 * daprd uses. Everything else in jdaprd raises errors through these methods.
 */
package io.jdaprd.errors.factories;
