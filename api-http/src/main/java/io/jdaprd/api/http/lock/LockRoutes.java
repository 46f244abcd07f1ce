package io.jdaprd.api.http.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.api.http.calls.ProtoJsonBodies;
import io.jdaprd.core.lock.LockBlock;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.errors.factories.CommonErrors;
import io.jdaprd.spi.lock.UnlockStatus;
import java.math.BigDecimal;

/**
 * {@code POST /v1.0-alpha1/lock/{store}} and {@code POST /v1.0-alpha1/unlock/{store}}: the body is daprd's
 * {@code TryLockRequest} / {@code UnlockRequest} in protojson ({@code resourceId}, {@code lockOwner},
 * {@code expiryInSeconds}, or their proto names); the answers are 200 {@code {"success":true|false}} and
 * {@code {"status":N}}, the status as its number, unpopulated fields included, as daprd writes them.
 */
public final class LockRoutes implements HttpRoutes {
  private final LockBlock lock;
  private final HttpCalls calls;

  /** The routes of the blocks' lock. */
  public LockRoutes(Blocks blocks, HttpCalls calls) {
    this.lock = blocks.get(LockBlock.class);
    this.calls = calls;
  }

  @Override
  public void addTo(ServerBuilder sb) {
    sb.route().path("/v1.0-alpha1/lock/{store}").methods(HttpMethod.POST)
        .build((ctx, req) -> calls.call(ctx, req, agg -> {
          JsonNode body = ProtoJsonBodies.object(agg.content().array());
          String resourceId = string(body, "resourceId", "resource_id");
          String owner = string(body, "lockOwner", "lock_owner");
          int expiry = int32(body, "expiryInSeconds", "expiry_in_seconds");
          boolean taken = lock.tryLock(ctx.pathParam("store"), resourceId, owner, expiry);
          return HttpCalls.json("{\"success\":" + taken + "}");
        }));
    sb.route().path("/v1.0-alpha1/unlock/{store}").methods(HttpMethod.POST)
        .build((ctx, req) -> calls.call(ctx, req, agg -> {
          JsonNode body = ProtoJsonBodies.object(agg.content().array());
          String resourceId = string(body, "resourceId", "resource_id");
          String owner = string(body, "lockOwner", "lock_owner");
          UnlockStatus status = lock.unlock(ctx.pathParam("store"), resourceId, owner);
          return HttpCalls.json("{\"status\":" + status.code() + "}");
        }));
  }

  /** A string field: empty when absent, else it must be a JSON string (protojson refuses anything else). */
  private static String string(JsonNode body, String jsonName, String protoName) {
    JsonNode value = ProtoJsonBodies.field(body, jsonName, protoName);
    if (value.isMissingNode()) {
      return "";
    }
    if (!value.isTextual()) {
      throw CommonErrors.malformedRequest("proto: invalid value for string field " + jsonName + ": " + value);
    }
    return value.textValue();
  }

  /**
   * An int32 field: 0 when absent; a JSON number without a fraction, or a string holding one, within int32, as
   * protojson reads it.
   */
  private static int int32(JsonNode body, String jsonName, String protoName) {
    JsonNode value = ProtoJsonBodies.field(body, jsonName, protoName);
    if (value.isMissingNode()) {
      return 0;
    }
    try {
      BigDecimal number;
      if (value.isNumber()) {
        number = value.decimalValue();
      } else if (value.isTextual() && !value.textValue().isBlank()
          && value.textValue().strip().equals(value.textValue())) {
        number = new BigDecimal(value.textValue());
      } else {
        throw new NumberFormatException();
      }
      return number.intValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw CommonErrors.malformedRequest("proto: invalid value for int32 field " + jsonName + ": " + value);
    }
  }
}
