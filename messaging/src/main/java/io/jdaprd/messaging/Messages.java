package io.jdaprd.messaging;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.dapr.v1.CommonProtos;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.invoke.InvokeStatus;
import io.jdaprd.proto.internals.v1.APIVersion;
import io.jdaprd.proto.internals.v1.InternalInvokeRequest;
import io.jdaprd.proto.internals.v1.InternalInvokeResponse;
import io.jdaprd.proto.internals.v1.ListStringValue;
import io.jdaprd.proto.internals.v1.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between the core's invocation records and daprd's internal protos. */
final class Messages {
  /** The content type daprd gives a body whose {@code Any} has a type URL. */
  static final String PROTOBUF_CONTENT_TYPE = "application/x-protobuf";

  private Messages() {
  }

  /** The leading message of a call: everything but the body ({@code data} empty, as daprd streams it). */
  static InternalInvokeRequest request(InvokeRequest request) {
    CommonProtos.InvokeRequest.Builder message = CommonProtos.InvokeRequest.newBuilder()
        .setMethod(request.method())
        .setContentType(request.contentType());
    if (!request.verb().isEmpty() && !request.verb().equals("NONE")) {
      message.setHttpExtension(CommonProtos.HTTPExtension.newBuilder().setVerb(verb(request.verb()))
          .setQuerystring(request.query()));
    }
    return InternalInvokeRequest.newBuilder()
        .setVer(APIVersion.V1)
        .putAllMetadata(toProto(request.metadata()))
        .setMessage(message)
        .build();
  }

  /** daprd's verb for an HTTP method; POST for one it has no name for (as daprd's HTTP API does). */
  static CommonProtos.HTTPExtension.Verb verb(String verb) {
    try {
      CommonProtos.HTTPExtension.Verb v = CommonProtos.HTTPExtension.Verb.valueOf(verb);
      return v == CommonProtos.HTTPExtension.Verb.UNRECOGNIZED ? CommonProtos.HTTPExtension.Verb.POST : v;
    } catch (IllegalArgumentException e) {
      return CommonProtos.HTTPExtension.Verb.POST;
    }
  }

  /**
   * The call a leading message describes, with {@code body} as its body. The length comes from the caller's
   * {@code Content-Length} header when it sent one.
   */
  static InvokeRequest request(InternalInvokeRequest header, java.io.InputStream body, long knownLength) {
    CommonProtos.InvokeRequest message = header.getMessage();
    String verb = message.hasHttpExtension() ? message.getHttpExtension().getVerb().name() : "NONE";
    String contentType = message.getContentType();
    if (message.hasData() && !message.getData().getTypeUrl().isEmpty()) {
      contentType = PROTOBUF_CONTENT_TYPE;
    }
    Map<String, List<String>> metadata = fromProto(header.getMetadataMap());
    long length = knownLength >= 0 ? knownLength : declaredLength(header.getMetadataMap());
    return new InvokeRequest(message.getMethod(), verb,
        message.hasHttpExtension() ? message.getHttpExtension().getQuerystring() : "", metadata, contentType,
        new InvokeBody(body, length));
  }

  /**
   * Whether {@code payload} is a whole body: the first of its stream, holding the number of bytes the
   * {@code Content-Length} of {@code headers} declares.
   */
  static boolean whole(CommonProtos.StreamPayload payload, Map<String, ListStringValue> headers) {
    return payload.getSeq() == 0 && declaredLength(headers) == payload.getData().size();
  }

  /** The first value of the {@code Content-Length} of {@code headers} (any case), -1 when none or not a number. */
  static long declaredLength(Map<String, ListStringValue> headers) {
    for (Map.Entry<String, ListStringValue> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase("content-length") && e.getValue().getValuesCount() > 0) {
        try {
          return Long.parseLong(e.getValue().getValues(0).trim());
        } catch (NumberFormatException notANumber) {
          return -1;
        }
      }
    }
    return -1;
  }

  /** The leading message of an answer: status, headers, trailers and content type, no body. */
  static InternalInvokeResponse response(InvokeResponse response) {
    Status.Builder status = Status.newBuilder().setCode(response.status().code())
        .setMessage(response.status().message());
    for (InvokeStatus.Detail d : response.status().details()) {
      status.addDetails(Any.newBuilder().setTypeUrl(d.typeUrl()).setValue(ByteString.copyFrom(d.value())));
    }
    return InternalInvokeResponse.newBuilder()
        .setStatus(status)
        .putAllHeaders(toProto(response.headers()))
        .putAllTrailers(toProto(response.trailers()))
        .setMessage(CommonProtos.InvokeResponse.newBuilder().setContentType(response.contentType()))
        .build();
  }

  /** The answer a leading message describes, with {@code body}. */
  static InvokeResponse response(InternalInvokeResponse header, InvokeBody body) {
    List<InvokeStatus.Detail> details = new ArrayList<>();
    header.getStatus().getDetailsList().forEach(d -> details.add(new InvokeStatus.Detail(d.getTypeUrl(),
        d.getValue().toByteArray())));
    String contentType = header.getMessage().getContentType();
    if (header.getMessage().hasData() && !header.getMessage().getData().getTypeUrl().isEmpty()) {
      contentType = PROTOBUF_CONTENT_TYPE;
    }
    return new InvokeResponse(new InvokeStatus(header.getStatus().getCode(), header.getStatus().getMessage(),
        details), fromProto(header.getHeadersMap()), fromProto(header.getTrailersMap()), contentType, body);
  }

  static Map<String, ListStringValue> toProto(Map<String, List<String>> map) {
    Map<String, ListStringValue> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, ListStringValue.newBuilder().addAllValues(v).build()));
    return out;
  }

  static Map<String, List<String>> fromProto(Map<String, ListStringValue> map) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, List.copyOf(v.getValuesList())));
    return out;
  }
}
