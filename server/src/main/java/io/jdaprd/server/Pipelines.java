package io.jdaprd.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.DecoratingHttpClientFunction;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import io.jdaprd.appchannel.AppChannels;
import io.jdaprd.core.component.Components;
import io.jdaprd.core.component.LoadedComponent;
import io.jdaprd.middleware.HttpMiddleware;
import io.jdaprd.middleware.HttpPipeline;
import java.util.HashMap;
import java.util.Map;

/**
 * The Configuration's two middleware pipelines, as daprd builds them: {@code spec.httpPipeline} around the HTTP
 * API and {@code spec.appHttpPipeline} around the HTTP app channel. They are read before anything starts (the app
 * channel is made before the components load) and filled in with {@link #use} once the components are loaded.
 */
final class Pipelines {
  private final HttpPipeline server;
  private final HttpPipeline app;

  private Pipelines(HttpPipeline server, HttpPipeline app) {
    this.server = server;
    this.app = app;
  }

  /**
   * Reads both pipelines from a Configuration's {@code spec}.
   *
   * @throws IllegalStateException when a pipeline is malformed (the message names the field)
   */
  static Pipelines from(JsonNode spec) {
    try {
      return new Pipelines(HttpPipeline.parse("server", "spec.httpPipeline", spec.path("httpPipeline")),
          HttpPipeline.parse("app", "spec.appHttpPipeline", spec.path("appHttpPipeline")));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Configuration " + e.getMessage());
    }
  }

  /** Builds both chains from the loaded {@code middleware.http.*} components. */
  void use(Components components) {
    Map<String, HttpPipeline.Loaded> loaded = new HashMap<>();
    for (LoadedComponent c : components.loaded()) {
      if (c.instance() instanceof HttpMiddleware m) {
        loaded.put(c.name(), new HttpPipeline.Loaded(c.definition().type(), c.definition().version(), m));
      }
    }
    server.use(loaded);
    app.use(loaded);
  }

  /** The API pipeline as a decorator; {@code null} when the Configuration names no handler. */
  DecoratingHttpServiceFunction serverDecorator() {
    return server.isEmpty() ? null : server.serverDecorator();
  }

  /** The app pipeline as a client decorator; {@code null} when the Configuration names no handler. */
  DecoratingHttpClientFunction appDecorator() {
    return app.isEmpty() ? null : app.clientDecorator(AppChannels.HEALTH_PROBE);
  }
}
