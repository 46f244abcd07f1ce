package io.jdaprd.appchannel;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.ClientRequestContextCaptor;
import com.linecorp.armeria.client.Clients;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import java.util.concurrent.Executor;

/**
 * A response of an Armeria client call and the event loop of that call's connection: the only thread its body may be
 * released on (see {@link io.jdaprd.core.invoke.InvokeBody#closedOn}).
 *
 * @param response the call's response, not read yet
 * @param owner the call's event loop; a direct executor when the client made no call context (it failed at once)
 */
record OwnedResponse(HttpResponse response, Executor owner) {

  /** Sends {@code request} with {@code client} and captures the call's event loop. */
  static OwnedResponse execute(WebClient client, HttpRequest request) {
    try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
      HttpResponse response = client.execute(request);
      ClientRequestContext call = captor.getOrNull();
      return new OwnedResponse(response, call != null ? call.eventLoop() : Runnable::run);
    }
  }
}
