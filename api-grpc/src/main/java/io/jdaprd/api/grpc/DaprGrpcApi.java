package io.jdaprd.api.grpc;

import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.GrpcServiceBuilder;
import io.dapr.v1.DaprGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.jdaprd.api.grpc.metadata.MetadataHandlers;
import io.jdaprd.api.grpc.pubsub.PubSubHandlers;
import io.jdaprd.api.grpc.pubsub.StreamingSubscriptions;
import io.jdaprd.api.grpc.state.StateHandlers;
import io.jdaprd.api.grpc.unavailable.UnavailableMethods;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.core.runtime.Blocks;
import java.util.ArrayList;
import java.util.List;

/**
 * The gRPC API of the sidecar: the {@code dapr.proto.runtime.v1.Dapr} service as an Armeria {@link GrpcService}.
 * Every RPC of the service is answered: the state and metadata RPCs and {@code Shutdown} by their blocks, every other
 * one with daprd's error for a block that has no component. Only binary gRPC is served, as daprd serves it (no
 * gRPC-Web, JSON or unframed requests). Handlers run on the server's blocking task executor, never on the event
 * loop; a request message larger than {@code --max-body-size} is refused by the transport
 * ({@code RESOURCE_EXHAUSTED}); with {@code DAPR_API_TOKEN} set, every call needs the {@code dapr-api-token}
 * metadata.
 */
public final class DaprGrpcApi {
  private DaprGrpcApi() {
  }

  /** The service over {@code blocks}, rendering errors and checking the token as {@code settings} say. */
  public static GrpcService create(Blocks blocks, ApiSettings settings) {
    GrpcCalls calls = new GrpcCalls(settings);
    GrpcServiceBuilder builder = GrpcService.builder()
        .addService(definition(blocks, calls))
        .intercept(new ApiTokenInterceptor(settings, calls), new LanguageInterceptor())
        .useBlockingTaskExecutor(true)
        .supportedSerializationFormats(GrpcSerializationFormats.PROTO)
        .enableUnframedRequests(false)
        .exceptionHandler(DaprGrpcApi::transportStatus);
    if (settings.maxBodySize() > 0) {
      builder.maxRequestMessageLength((int) Math.min(settings.maxBodySize(), Integer.MAX_VALUE));
    }
    return builder.build();
  }

  private static final java.util.regex.Pattern FRAME_TOO_LARGE =
      java.util.regex.Pattern.compile("Frame size (\\d+) exceeds maximum: (\\d+)");

  /**
   * The status for a failure of the transport itself, worded as grpc-go words it and without internal class names:
   * an oversized message is {@code RESOURCE_EXHAUSTED: grpc: received message larger than max (N vs. M)}.
   */
  static io.grpc.Status transportStatus(com.linecorp.armeria.common.RequestContext ctx, io.grpc.Status status,
      Throwable cause, io.grpc.Metadata metadata) {
    String text = String.valueOf(status.getDescription()) + " " + (cause == null ? "" : cause.getMessage());
    java.util.regex.Matcher m = FRAME_TOO_LARGE.matcher(text);
    if (m.find()) {
      return io.grpc.Status.RESOURCE_EXHAUSTED.withDescription(
          "grpc: received message larger than max (" + m.group(1) + " vs. " + m.group(2) + ")");
    }
    return status;
  }

  /**
   * The service definition: each RPC bound to its block's handler or to the table of unavailable blocks.
   *
   * @throws IllegalStateException when an RPC of the service has neither
   */
  static ServerServiceDefinition definition(Blocks blocks, GrpcCalls calls) {
    ServerServiceDefinition implemented = new DaprService(new StateHandlers(blocks.state()),
        new MetadataHandlers(blocks.metadata(), blocks.lifecycle()), new PubSubHandlers(blocks.pubsub()),
        new StreamingSubscriptions(blocks.subscriptions(), calls), calls).bindService();
    UnavailableMethods unavailable = new UnavailableMethods(blocks.appId());
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(DaprGrpc.getServiceDescriptor());
    List<String> unanswered = new ArrayList<>();
    for (MethodDescriptor<?, ?> method : DaprGrpc.getServiceDescriptor().getMethods()) {
      String name = method.getFullMethodName();
      if (DaprService.IMPLEMENTED.contains(name)) {
        builder.addMethod(implemented.getMethod(name));
      } else if (unavailable.methods().contains(name)) {
        builder.addMethod(unavailable.definition(name, calls));
      } else {
        unanswered.add(name);
      }
    }
    if (!unanswered.isEmpty()) {
      throw new IllegalStateException("RPCs with no answer: " + unanswered);
    }
    return builder.build();
  }
}
