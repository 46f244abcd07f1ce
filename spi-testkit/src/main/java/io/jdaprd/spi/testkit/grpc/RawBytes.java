package io.jdaprd.spi.testkit.grpc;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A gRPC marshaller of raw bytes: a message is sent as the bytes given and read as the bytes received, with no
 * protobuf in between. For tests that call a method with a hand-made (or broken) message, or that serve a method
 * without its generated classes. grpc-api is not brought along: a test using this has gRPC on its classpath already.
 */
public enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
  /** The marshaller. */
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

  /** {@code method} with both messages as raw bytes (same name, type and options). */
  public static MethodDescriptor<byte[], byte[]> of(MethodDescriptor<?, ?> method) {
    return method.toBuilder(INSTANCE, INSTANCE).build();
  }

  /** The method {@code fullMethodName} ({@code package.Service/Method}) of {@code type}, messages as raw bytes. */
  public static MethodDescriptor<byte[], byte[]> method(String fullMethodName, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type).setFullMethodName(fullMethodName)
        .setRequestMarshaller(INSTANCE).setResponseMarshaller(INSTANCE).build();
  }
}
