package io.jdaprd.api.grpc;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * gRPC service invocation by proxy: what the API port does with a call of a method it does not serve whose metadata
 * names a target app id ({@code dapr-callee-app-id} or {@code dapr-app-id}), once the API token has passed.
 */
@FunctionalInterface
public interface ProxyHandler {
  /** Forwards the call (its body not yet read) to {@code appId} and answers with the target's response. */
  HttpResponse proxy(ServiceRequestContext ctx, HttpRequest req, String appId);
}
