/**
 * The error details of gRPC's richer error model ({@code google/rpc/error_details.proto}) as plain Java records.
 */
package io.jdaprd.errors.details;
