package io.jdaprd.errors.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.Status;
import io.jdaprd.errors.StatusMapping;
import io.jdaprd.golang.GoJson;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A gRPC app's error status as daprd's HTTP API writes it to an HTTP caller ({@code invokev1.ProtobufToJSON} of the
 * status): protojson of {@code {code, message, details}}, fields in number order with JSON names, zero values left
 * out, each detail with its {@code @type}. Details of the {@code google.rpc} error types are written field by field.
 */
public final class GrpcStatusJson {
  private static final Map<String, Class<? extends Message>> KNOWN = Map.of(
      "type.googleapis.com/google.rpc.ErrorInfo", com.google.rpc.ErrorInfo.class,
      "type.googleapis.com/google.rpc.ResourceInfo", com.google.rpc.ResourceInfo.class,
      "type.googleapis.com/google.rpc.BadRequest", com.google.rpc.BadRequest.class,
      "type.googleapis.com/google.rpc.Help", com.google.rpc.Help.class,
      "type.googleapis.com/google.rpc.LocalizedMessage", com.google.rpc.LocalizedMessage.class,
      "type.googleapis.com/google.rpc.DebugInfo", com.google.rpc.DebugInfo.class,
      "type.googleapis.com/google.rpc.QuotaFailure", com.google.rpc.QuotaFailure.class,
      "type.googleapis.com/google.rpc.PreconditionFailure", com.google.rpc.PreconditionFailure.class,
      "type.googleapis.com/google.rpc.RequestInfo", com.google.rpc.RequestInfo.class);

  private GrpcStatusJson() {
  }

  /** daprd's HTTP status for a gRPC code ({@code HTTPStatusFromCode}). */
  public static int httpStatus(int grpcCode) {
    return StatusMapping.httpFromGrpc(Status.fromCodeValue(grpcCode).getCode());
  }

  /**
   * The JSON body.
   *
   * @param details each detail's type URL and encoded value
   * @throws IllegalArgumentException when a detail's type is unknown or its value does not parse (daprd answers
   *     {@code ERR_MALFORMED_RESPONSE} then)
   */
  public static String render(int code, String message, List<Map.Entry<String, byte[]>> details) {
    GoJson json = new GoJson(64);
    json.raw('{');
    boolean first = true;
    if (code != 0) {
      json.key("code", true).raw(Integer.toString(code));
      first = false;
    }
    if (message != null && !message.isEmpty()) {
      json.key("message", first).string(message);
      first = false;
    }
    if (!details.isEmpty()) {
      json.key("details", first).raw('[');
      for (int i = 0; i < details.size(); i++) {
        if (i > 0) {
          json.raw(',');
        }
        detail(json, details.get(i).getKey(), details.get(i).getValue());
      }
      json.raw(']');
    }
    return json.raw('}').toString();
  }

  private static void detail(GoJson json, String typeUrl, byte[] value) {
    Class<? extends Message> type = KNOWN.get(typeUrl);
    if (type == null) {
      throw new IllegalArgumentException("unable to resolve \"" + typeUrl + "\": \"not found\"");
    }
    Message m;
    try {
      m = Any.newBuilder().setTypeUrl(typeUrl).setValue(ByteString.copyFrom(value)).build().unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    json.raw('{').key("@type", true).string(typeUrl);
    fields(json, m, false);
    json.raw('}');
  }

  private static void message(GoJson json, Message m) {
    json.raw('{');
    fields(json, m, true);
    json.raw('}');
  }

  private static void fields(GoJson json, Message m, boolean first) {
    boolean isFirst = first;
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      json.key(f.getJsonName(), isFirst);
      isFirst = false;
      if (f.isMapField()) {
        json.raw('{');
        boolean firstEntry = true;
        for (Object o : (List<?>) e.getValue()) {
          Message entry = (Message) o;
          FieldDescriptor k = entry.getDescriptorForType().findFieldByName("key");
          FieldDescriptor v = entry.getDescriptorForType().findFieldByName("value");
          json.key(String.valueOf(entry.getField(k)), firstEntry);
          firstEntry = false;
          value(json, v, entry.getField(v));
        }
        json.raw('}');
      } else if (f.isRepeated()) {
        json.raw('[');
        List<?> items = (List<?>) e.getValue();
        for (int i = 0; i < items.size(); i++) {
          if (i > 0) {
            json.raw(',');
          }
          value(json, f, items.get(i));
        }
        json.raw(']');
      } else {
        value(json, f, e.getValue());
      }
    }
  }

  private static void value(GoJson json, FieldDescriptor f, Object v) {
    switch (f.getJavaType()) {
      case STRING -> json.string((String) v);
      case MESSAGE -> message(json, (Message) v);
      case BOOLEAN, INT, FLOAT, DOUBLE -> json.raw(String.valueOf(v));
      case LONG -> json.string(String.valueOf(v));
      case ENUM -> json.string(String.valueOf(v));
      case BYTE_STRING -> json.string(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
    }
  }
}
