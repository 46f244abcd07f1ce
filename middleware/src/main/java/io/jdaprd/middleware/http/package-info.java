/**
 * daprd's {@code middleware.http.*} components that need no cloud service: {@code uppercase} (daprd's own),
 * {@code routerchecker}, {@code ratelimit} and {@code bearer} (components-contrib's), each answering as daprd does.
 */
package io.jdaprd.middleware.http;
