/**
 * The HTTP side of the error model: {@link io.jdaprd.errors.http.HttpErrorRenderer} writes daprd's
 * {@code {"errorCode","message","details"}} body byte for byte, and {@link io.jdaprd.errors.http.HttpErrorParser}
 * reads such a body back into the catalog ({@link io.jdaprd.errors.http.HttpError}).
 */
package io.jdaprd.errors.http;
