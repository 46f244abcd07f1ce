package io.jdaprd.api.http.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.core.state.StateBlock;
import io.jdaprd.core.state.StateRequests;
import io.jdaprd.golang.GoJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP state routes. Success answers are daprd's: 204 for writes and for a missing key, the stored bytes as
 * {@code application/json} with an {@code ETag} header for a get, a JSON array (with Go's trailing newline) for a
 * bulk get, 204 for a query without results.
 */
public final class StateRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StateBlock state;
  private final HttpCalls calls;

  public StateRoutes(StateBlock state, HttpCalls calls) {
    this.state = state;
    this.calls = calls;
  }

  /** Adds the routes to {@code sb}. */
  public void addTo(ServerBuilder sb) {
    sb.route().get("/v1.0/state/{store}/{key}").build(this::get);
    sb.route().delete("/v1.0/state/{store}/{key}").build(this::delete);
    sb.route().path("/v1.0/state/{store}").methods(HttpMethod.POST, HttpMethod.PUT).build(this::save);
    sb.route().path("/v1.0/state/{store}/bulk").methods(HttpMethod.POST, HttpMethod.PUT).build(this::bulkGet);
    sb.route().path("/v1.0/state/{store}/transaction").methods(HttpMethod.POST, HttpMethod.PUT)
        .build(this::transaction);
    sb.route().path("/v1.0-alpha1/state/{store}/query").methods(HttpMethod.POST, HttpMethod.PUT).build(this::query);
  }

  private HttpResponse get(ServiceRequestContext ctx, HttpRequest req) {
    String store = ctx.pathParam("store");
    String key = ctx.pathParam("key");
    return calls.call(ctx, req, agg -> {
      Optional<StateRequests.Entry> entry =
          state.get(store, key, HttpCalls.query(agg, "consistency"), HttpCalls.metadata(agg));
      if (entry.isEmpty()) {
        return HttpCalls.noContent();
      }
      ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.OK)
          .contentType(HttpCalls.APPLICATION_JSON);
      if (entry.get().etag() != null) {
        headers.add("etag", entry.get().etag());
      }
      entry.get().metadata().forEach((k, v) -> headers.add("metadata." + k, v));
      return HttpResponse.of(headers.build(), HttpData.wrap(entry.get().data()));
    });
  }

  private HttpResponse delete(ServiceRequestContext ctx, HttpRequest req) {
    String store = ctx.pathParam("store");
    String key = ctx.pathParam("key");
    String etag = req.headers().get("if-match");
    return calls.call(ctx, req, agg -> {
      state.delete(store, key, etag, HttpCalls.query(agg, "concurrency"), HttpCalls.query(agg, "consistency"),
          HttpCalls.metadata(agg));
      return HttpCalls.noContent();
    });
  }

  private HttpResponse save(ServiceRequestContext ctx, HttpRequest req) {
    String store = ctx.pathParam("store");
    return calls.call(ctx, req, agg -> {
      state.save(store, () -> StateBodies.saveItems(agg.content().array(), HttpCalls.metadata(agg)));
      return HttpCalls.noContent();
    });
  }

  private HttpResponse bulkGet(ServiceRequestContext ctx, HttpRequest req) {
    String store = ctx.pathParam("store");
    return calls.call(ctx, req, agg -> {
      List<StateRequests.BulkItem> items =
          state.bulkGet(store, () -> StateBodies.bulkGet(agg.content().array(), HttpCalls.metadata(agg)));
      GoJson json = new GoJson(64 + 64 * items.size()).raw('[');
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          json.raw(',');
        }
        StateRequests.BulkItem item = items.get(i);
        json.raw('{').key("key", true).string(item.key());
        if (item.data() != null) {
          json.key("data", false);
          rawData(json, item.data());
        }
        if (item.etag() != null) {
          json.key("etag", false).string(item.etag());
        }
        if (item.metadata() != null && !item.metadata().isEmpty()) {
          json.key("metadata", false).stringMap(item.metadata());
        }
        if (item.error() != null && !item.error().isEmpty()) {
          json.key("error", false).string(item.error());
        }
        json.raw('}');
      }
      return HttpCalls.json(json.raw("]\n").toString());
    });
  }

  private HttpResponse transaction(ServiceRequestContext ctx, HttpRequest req) {
    String store = ctx.pathParam("store");
    return calls.call(ctx, req, agg -> {
      state.transact(store, () -> StateBodies.transaction(agg.content().array(), HttpCalls.metadata(agg)));
      return HttpCalls.noContent();
    });
  }

  private HttpResponse query(ServiceRequestContext ctx, HttpRequest req) {
    String store = ctx.pathParam("store");
    return calls.call(ctx, req, agg -> {
      StateRequests.QueryPage page = state.query(store, () -> agg.content(StandardCharsets.UTF_8),
          HttpCalls.metadata(agg));
      if (page.results().isEmpty()) {
        return HttpCalls.noContent();
      }
      GoJson json = new GoJson(128).raw('{').key("results", true).raw('[');
      for (int i = 0; i < page.results().size(); i++) {
        StateRequests.BulkItem item = page.results().get(i);
        json.raw(i > 0 ? ",{" : "{").key("key", true).string(item.key()).key("data", false);
        rawData(json, item.data());
        if (item.etag() != null) {
          json.key("etag", false).string(item.etag());
        }
        json.raw('}');
      }
      json.raw(']');
      if (page.token() != null && !page.token().isEmpty()) {
        json.key("token", false).string(page.token());
      }
      Map<String, String> metadata = page.metadata();
      if (metadata != null && !metadata.isEmpty()) {
        json.key("metadata", false).stringMap(metadata);
      }
      return HttpCalls.json(json.raw('}').toString());
    });
  }

  /**
   * Stored bytes embedded as JSON: verbatim when they are JSON, compacted and HTML-escaped as Go's encoder treats a
   * {@code json.RawMessage}; otherwise as a JSON string, where daprd would fail to encode and send an empty body.
   */
  private static void rawData(GoJson json, byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    try {
      com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(data);
      if (node == null || node.isMissingNode()) {
        json.string(text);
        return;
      }
    } catch (java.io.IOException | RuntimeException e) {
      json.string(text);
      return;
    }
    json.rawMessage(text);
  }
}
