package io.jdaprd.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Reads a failed call as a Dapr client does: the status, and the {@code google.rpc.Status} of the trailer. */
record GrpcErrors(Status status, com.google.rpc.Status details) {
  /** The trailer that carries the {@code google.rpc.Status}. */
  static final Metadata.Key<byte[]> DETAILS =
      Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

  /** The failure of {@code call}, which must fail; the trailer's code and message must agree with the status. */
  static GrpcErrors of(ThrowingCallable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("the call must fail").isNotNull();
    return of(e.getStatus(), e.getTrailers());
  }

  /** A call closed with {@code status} and {@code trailers}. */
  static GrpcErrors of(Status status, Metadata trailers) {
    if (trailers == null || !trailers.containsKey(DETAILS)) {
      return new GrpcErrors(status, null);
    }
    com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(status, trailers);
    assertThat(details.getCode()).as("trailer code").isEqualTo(status.getCode().value());
    assertThat(details.getMessage()).as("trailer message").isEqualTo(status.getDescription());
    return new GrpcErrors(status, details);
  }

  Status.Code code() {
    return status.getCode();
  }

  String message() {
    return status.getDescription();
  }

  /** The detail types, in order, by simple name ({@code ErrorInfo}, ...); empty without a trailer. */
  List<String> detailTypes() {
    List<String> out = new ArrayList<>();
    if (details != null) {
      for (Any any : details.getDetailsList()) {
        out.add(any.getTypeUrl().substring(any.getTypeUrl().lastIndexOf('.') + 1));
      }
    }
    return out;
  }

  /** The one detail of {@code type}. */
  <T extends Message> T detail(Class<T> type) {
    assertThat(details).as("grpc-status-details-bin").isNotNull();
    T found = null;
    for (Any any : details.getDetailsList()) {
      if (any.is(type)) {
        assertThat(found).as("one " + type.getSimpleName()).isNull();
        try {
          found = any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
          throw new AssertionError(e);
        }
      }
    }
    assertThat(found).as(type.getSimpleName()).isNotNull();
    return found;
  }

}
