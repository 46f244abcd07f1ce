package io.jdaprd.bench.floor;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The gRPC method the {@code invoke} scenario's app serves on the floor's gRPC port: {@value #FULL_NAME}, unary,
 * request and response raw bytes (no protobuf schema; a 1 KB request, an empty answer, as Dapr's perf app answers
 * an empty 200). A method outside the Dapr API, so that a call of it to a sidecar with {@code dapr-app-id} metadata
 * is proxied to that app rather than served by the sidecar.
 */
public final class InvokeMethod {
  /** The service part of the method name. */
  public static final String SERVICE = "bench.Invoke";
  /** The full method name, {@code service/method}. */
  public static final String FULL_NAME = SERVICE + "/Call";

  /** The method, with pass-through byte marshallers. */
  public static final MethodDescriptor<byte[], byte[]> METHOD = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(FULL_NAME).setRequestMarshaller(Bytes.INSTANCE)
      .setResponseMarshaller(Bytes.INSTANCE).build();

  private InvokeMethod() {
  }

  /** Bytes in, bytes out: the message is the payload as it is. */
  private enum Bytes implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
