package io.jdaprd.api.grpc.metadata;

import com.google.protobuf.Empty;
import io.dapr.v1.DaprGrpc;
import io.grpc.stub.ServerCalls;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.metadata.MetadataBlock;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.core.runtime.Lifecycle;

/** Binds the metadata RPCs and {@code Shutdown} to {@link MetadataHandlers}. */
public final class MetadataMethods {
  private MetadataMethods() {
  }

  /** Binds the metadata RPCs of {@code blocks}; {@code Shutdown} answers first, then starts the shutdown. */
  public static void bind(Blocks blocks, GrpcMethods methods) {
    MetadataHandlers metadata = new MetadataHandlers(blocks.get(MetadataBlock.class), blocks.get(Lifecycle.class));
    methods.unary(DaprGrpc.getGetMetadataMethod(), metadata::get)
        .unary(DaprGrpc.getSetMetadataMethod(), metadata::set)
        .add(DaprGrpc.getShutdownMethod(), ServerCalls.asyncUnaryCall((request, observer) -> {
          methods.calls().unary(DaprGrpc.getShutdownMethod(), observer, Empty::getDefaultInstance);
          metadata.shutdown();
        }));
  }
}
