package io.jdaprd.errors.http;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorRendering;
import io.jdaprd.errors.details.BadRequest;
import io.jdaprd.errors.details.DebugInfo;
import io.jdaprd.errors.details.ErrorDetail;
import io.jdaprd.errors.details.ErrorInfo;
import io.jdaprd.errors.details.Help;
import io.jdaprd.errors.details.LocalizedMessage;
import io.jdaprd.errors.details.PreconditionFailure;
import io.jdaprd.errors.details.QuotaFailure;
import io.jdaprd.errors.details.RequestInfo;
import io.jdaprd.errors.details.ResourceInfo;
import io.jdaprd.errors.details.RetryInfo;
import io.jdaprd.golang.GoJson;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders a {@link DaprException} as daprd's HTTP error: {@code {"errorCode","message"}} for legacy errors,
 * {@code {"errorCode","message","details":[...]}} for rich ones. Details are written as dapr/kit writes them:
 * top-level keys sorted and always present ({@code "owner":""}, {@code "metadata":null}), snake_case names, nested
 * empty fields dropped, in the error's own order.
 */
public final class HttpErrorRenderer {
  private HttpErrorRenderer() {
  }

  /** The HTTP response for {@code e}, exactly as daprd writes it under {@link ErrorRendering#DAPR}. */
  public static HttpError render(DaprException e, ErrorRendering rendering) {
    DaprException http = rendering.select(e).forHttp();
    return new HttpError(http.httpStatus(), HttpError.JSON, body(http, rendering).getBytes(StandardCharsets.UTF_8));
  }

  /** The JSON body for {@code e} (already in its HTTP form). */
  static String body(DaprException e, ErrorRendering rendering) {
    List<ErrorDetail> details = rendering.details(e);
    GoJson json = new GoJson(96 + 160 * details.size());
    json.raw('{').key("errorCode", true).string(e.errorCode()).key("message", false).string(e.getMessage());
    if (!details.isEmpty()) {
      json.key("details", false).raw('[');
      for (int i = 0; i < details.size(); i++) {
        if (i > 0) {
          json.raw(',');
        }
        detail(json, details.get(i));
      }
      json.raw(']');
    }
    return json.raw('}').toString();
  }

  private static void detail(GoJson json, ErrorDetail detail) {
    json.raw('{').key("@type", true).string(detail.typeUrl());
    switch (detail) {
      case ErrorInfo d -> json.key("domain", false).string(d.domain()).key("metadata", false)
          .stringMap(d.metadata()).key("reason", false).string(d.reason());
      case ResourceInfo d -> json.key("description", false).string(d.description()).key("owner", false)
          .string(d.owner()).key("resource_name", false).string(d.resourceName()).key("resource_type", false)
          .string(d.resourceType());
      case BadRequest d -> {
        json.key("field_violations", false);
        list(json, d.fieldViolations(), v -> nested(json, "field", v.field(), "description", v.description()));
      }
      case Help d -> {
        json.key("links", false);
        list(json, d.links(), l -> nested(json, "description", l.description(), "url", l.url()));
      }
      case LocalizedMessage d -> json.key("locale", false).string(d.locale()).key("message", false)
          .string(d.message());
      case RetryInfo d -> {
        json.key("retry_delay", false);
        if (d.retryDelay() == null) {
          json.raw("null");
        } else {
          long seconds = d.retryDelay().getSeconds();
          int nanos = d.retryDelay().getNano();
          json.raw('{');
          if (seconds != 0) {
            json.key("seconds", true).raw(Long.toString(seconds));
          }
          if (nanos != 0) {
            json.key("nanos", seconds == 0).raw(Integer.toString(nanos));
          }
          json.raw('}');
        }
      }
      case DebugInfo d -> {
        json.key("detail", false).string(d.detail()).key("stack_entries", false);
        list(json, d.stackEntries(), json::string);
      }
      case QuotaFailure d -> {
        json.key("violations", false);
        list(json, d.violations(), v -> nested(json, "subject", v.subject(), "description", v.description()));
      }
      case PreconditionFailure d -> {
        json.key("violations", false);
        list(json, d.violations(),
            v -> nested(json, "type", v.type(), "subject", v.subject(), "description", v.description()));
      }
      case RequestInfo d -> json.key("request_id", false).string(d.requestId()).key("serving_data", false)
          .string(d.servingData());
    }
    json.raw('}');
  }

  private static <T> void list(GoJson json, List<T> items, java.util.function.Consumer<T> writer) {
    if (items == null) {
      json.raw("null");
      return;
    }
    json.raw('[');
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        json.raw(',');
      }
      writer.accept(items.get(i));
    }
    json.raw(']');
  }

  /** A nested proto struct as Go's generated JSON tags write it: fields in proto order, empty ones left out. */
  private static void nested(GoJson json, String... namesAndValues) {
    json.raw('{');
    boolean first = true;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String value = namesAndValues[i + 1];
      if (!value.isEmpty()) {
        json.key(namesAndValues[i], first).string(value);
        first = false;
      }
    }
    json.raw('}');
  }
}
