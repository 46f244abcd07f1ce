/**
 * Generated code only: the Dapr runtime and common protos, compiled by our own build.
 */
package io.jdaprd.proto;
