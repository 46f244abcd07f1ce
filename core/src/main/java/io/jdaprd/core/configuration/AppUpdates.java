package io.jdaprd.core.configuration;

import io.jdaprd.core.invoke.AppInvoker;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.spi.configuration.ConfigurationUpdate;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the updates of HTTP clients' subscriptions to the app as daprd does: for each key of an update, a
 * {@code POST /configuration/{store}/{key}} through the app channel (for a gRPC app, {@code OnInvoke} of that
 * method) whose {@code application/json} body is the whole update, {@code {"id":...,"items":{key:{"value",
 * "version","metadata"}}}} with Go's encoding (empty fields left out, a trailing newline). An answer other than 200,
 * or no answer, is logged; the update is not sent again.
 */
final class AppUpdates {
  private static final Logger LOG = LoggerFactory.getLogger(AppUpdates.class);

  private final AppInvoker app;

  AppUpdates(AppInvoker app) {
    this.app = app;
  }

  void push(String store, ConfigurationUpdate update) {
    byte[] body = ConfigurationJson.update(update).getBytes(StandardCharsets.UTF_8);
    for (String key : update.items().keySet()) {
      InvokeRequest request = new InvokeRequest("configuration/" + store + "/" + key, "POST", "", Map.of(),
          "application/json", InvokeBody.of(body));
      try (InvokeResponse response = app.invoke(request)) {
        if (response.status().code() != 200) {
          LOG.error("error sending configuration item to the app: error sending configuration item to "
              + "application, status {}", response.status().code());
        }
      } catch (AppInvoker.AppCallFailure e) {
        LOG.error("error sending configuration item to the app: {}", e.getMessage());
      }
    }
  }
}
