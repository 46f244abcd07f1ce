package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.dapr.v1.DaprGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * A failed gRPC call read as a Dapr client reads it: the status, and the {@code google.rpc.Status} carried in the
 * {@code grpc-status-details-bin} trailer (whose code and message must equal the status's, or the Java SDK hangs).
 */
record GrpcFailure(Status status, com.google.rpc.Status details) {
  private static final Metadata.Key<byte[]> DETAILS =
      Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

  /** A plaintext channel to the sidecar's gRPC port. */
  static ManagedChannel channel(SidecarProcess sidecar) {
    return NettyChannelBuilder.forAddress("127.0.0.1", sidecar.grpcPort()).usePlaintext().build();
  }

  /** A blocking stub with a 20 s deadline per call, sending the metadata name/value pairs given. */
  static DaprGrpc.DaprBlockingStub stub(ManagedChannel channel, String... metadata) {
    Metadata headers = new Metadata();
    for (int i = 0; i < metadata.length; i += 2) {
      headers.put(Metadata.Key.of(metadata[i], Metadata.ASCII_STRING_MARSHALLER), metadata[i + 1]);
    }
    io.grpc.ClientInterceptor perCallDeadline = new io.grpc.ClientInterceptor() {
      @Override
      public <Q, R> io.grpc.ClientCall<Q, R> interceptCall(io.grpc.MethodDescriptor<Q, R> method,
          io.grpc.CallOptions options, io.grpc.Channel next) {
        return next.newCall(method, options.withDeadlineAfter(20, TimeUnit.SECONDS));
      }
    };
    return DaprGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers),
        perCallDeadline);
  }

  /** The failure of {@code call}, which must fail. */
  static GrpcFailure of(ThrowingCallable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("the call must fail").isNotNull();
    Metadata trailers = e.getTrailers();
    if (trailers == null || !trailers.containsKey(DETAILS)) {
      return new GrpcFailure(e.getStatus(), null);
    }
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    assertThat(details.getCode()).as("trailer code").isEqualTo(e.getStatus().getCode().value());
    assertThat(details.getMessage()).as("trailer message").isEqualTo(e.getStatus().getDescription());
    return new GrpcFailure(e.getStatus(), details);
  }

  Status.Code code() {
    return status.getCode();
  }

  String message() {
    return status.getDescription();
  }

  /** The detail types in order, by simple name ({@code ErrorInfo}, ...); empty without a trailer. */
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
