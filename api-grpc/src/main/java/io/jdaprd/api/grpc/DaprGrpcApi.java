package io.jdaprd.api.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jdaprd.api.grpc.calls.GrpcCalls;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.api.grpc.calls.LanguageInterceptor;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.GrpcServiceBuilder;
import io.dapr.v1.DaprGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.jdaprd.api.grpc.actors.ActorCallbackStream;
import io.jdaprd.api.grpc.actors.ActorsMethods;
import io.jdaprd.api.grpc.bindings.BindingsMethods;
import io.jdaprd.api.grpc.configuration.ConfigurationMethods;
import io.jdaprd.api.grpc.conversation.ConversationMethods;
import io.jdaprd.api.grpc.crypto.CryptoMethods;
import io.jdaprd.api.grpc.invoke.InvokeMethods;
import io.jdaprd.api.grpc.jobs.JobsMethods;
import io.jdaprd.api.grpc.lock.LockMethods;
import io.jdaprd.api.grpc.metadata.MetadataMethods;
import io.jdaprd.api.grpc.pubsub.PubSubMethods;
import io.jdaprd.api.grpc.secrets.SecretsMethods;
import io.jdaprd.api.grpc.state.StateMethods;
import io.jdaprd.api.grpc.workflows.WorkflowsMethods;
import io.jdaprd.api.grpc.access.GrpcApiAccess;
import io.jdaprd.api.grpc.access.GrpcApiLogging;
import io.jdaprd.core.runtime.ApiAccess;
import io.jdaprd.core.runtime.ApiLogging;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.core.runtime.Blocks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
/**
 * The gRPC API of the sidecar: the {@code dapr.proto.runtime.v1.Dapr} service as an Armeria {@link GrpcService}.
 * Every RPC of the service is answered by exactly one block's {@code api.grpc.<block>} package, checked when the
 * service is built; a call of any other service or method gets daprd's answer from {@link UnknownMethods}. Only binary gRPC is served, as daprd serves it (no
 * gRPC-Web, JSON or unframed requests). Handlers run on virtual threads (see {@link GrpcMethods}), never on the
 * event loop; a request message larger than {@code --max-body-size} is refused by the transport
 * ({@code RESOURCE_EXHAUSTED}); with {@code DAPR_API_TOKEN} set, every call needs the {@code dapr-api-token}
 * metadata.
 */
public final class DaprGrpcApi {
  /** The blocks' RPC bindings, one line each. */
  private static final List<GrpcMethods.Binding> BINDINGS = List.of(
      StateMethods::bind,
      PubSubMethods::bind,
      MetadataMethods::bind,
      InvokeMethods::bind,
      BindingsMethods::bind,
      SecretsMethods::bind,
      ActorsMethods::bind,
      WorkflowsMethods::bind,
      ConfigurationMethods::bind,
      JobsMethods::bind,
      LockMethods::bind,
      CryptoMethods::bind,
      ConversationMethods::bind);

  /**
   * The Dapr service served: the RPCs of the 1.17 descriptor plus daprd 1.18's {@code SubscribeActorEventsAlpha1},
   * which that descriptor lacks (one service, so that Armeria serves both under one name).
   */
  static final ServiceDescriptor SERVICE = serviceDescriptor();

  private DaprGrpcApi() {
  }

  private static ServiceDescriptor serviceDescriptor() {
    ServiceDescriptor dapr = DaprGrpc.getServiceDescriptor();
    ServiceDescriptor.Builder builder = ServiceDescriptor.newBuilder(dapr.getName())
        .setSchemaDescriptor(dapr.getSchemaDescriptor());
    dapr.getMethods().forEach(builder::addMethod);
    return builder.addMethod(ActorCallbackStream.METHOD).build();
  }

  /**
   * Adds the service to {@code sb} (the port is the caller's), and the answer to every unknown service or method.
   */
  public static void addTo(ServerBuilder sb, Blocks blocks, ApiSettings settings) {
    addTo(sb, blocks, settings, null);
  }

  /**
   * {@link #addTo(ServerBuilder, Blocks, ApiSettings)} with gRPC proxying: a call of any other method whose metadata
   * names an app id goes to {@code proxy} ({@code null}: answered as an unknown method).
   */
  public static void addTo(ServerBuilder sb, Blocks blocks, ApiSettings settings, ProxyHandler proxy) {
    addTo(sb, blocks, settings, proxy, ApiAccess.ALL, ApiLogging.OFF);
  }

  /**
   * {@link #addTo(ServerBuilder, Blocks, ApiSettings, ProxyHandler)} with the Configuration's API allow and deny
   * lists ({@link GrpcApiAccess}, checked before the token) and API logging ({@link GrpcApiLogging}).
   */
  public static void addTo(ServerBuilder sb, Blocks blocks, ApiSettings settings, ProxyHandler proxy,
      ApiAccess access, ApiLogging logging) {
    sb.service(create(blocks, settings, new GrpcApiAccess(access, new GrpcCalls(settings, blocks.get(Metrics.class)))));
    sb.serviceUnder("/", new UnknownMethods(settings, new GrpcCalls(settings, blocks.get(Metrics.class)), proxy));
    if (logging.enabled()) {
      sb.decorator(new GrpcApiLogging());
    }
  }

  /** The blocks' RPC bindings, for tests of the check. */
  static List<GrpcMethods.Binding> bindings() {
    return BINDINGS;
  }

  /** The service over {@code blocks}, rendering errors and checking the token as {@code settings} say. */
  private static GrpcService create(Blocks blocks, ApiSettings settings, GrpcApiAccess access) {
    GrpcCalls calls = new GrpcCalls(settings, blocks.get(Metrics.class));
    List<io.grpc.ServerInterceptor> interceptors = new ArrayList<>(List.of(new ApiTokenInterceptor(settings, calls),
        new LanguageInterceptor()));
    if (access.any()) {
      interceptors.add(access); // the last added runs first: the lists are checked before the token, as daprd does
    }
    GrpcServiceBuilder builder = GrpcService.builder()
        .addService(definition(blocks, calls))
        .intercept(interceptors)
        .useBlockingTaskExecutor(false)
        .supportedSerializationFormats(GrpcSerializationFormats.PROTO)
        .enableUnframedRequests(false)
        .exceptionHandler(DaprGrpcApi::transportStatus);
    if (settings.maxBodySize() > 0) {
      builder.maxRequestMessageLength((int) Math.min(settings.maxBodySize(), Integer.MAX_VALUE));
    }
    return builder.build();
  }

  /** grpc-go's answer (with protobuf-go's text) to a request message whose bytes are not protobuf. */
  static final String UNREADABLE_REQUEST =
      "grpc: error unmarshalling request: proto: cannot parse invalid wire-format data";

  private static final java.util.regex.Pattern FRAME_TOO_LARGE =
      java.util.regex.Pattern.compile("Frame size (\\d+) exceeds maximum: (\\d+)");

  /**
   * The status for a failure of the transport itself, worded as grpc-go words it and without internal class names:
   * an oversized message is {@code RESOURCE_EXHAUSTED: grpc: received message larger than max (N vs. M)}, a message
   * that is not protobuf {@code INTERNAL: grpc: error unmarshalling request: proto: cannot parse invalid wire-format
   * data}.
   */
  static io.grpc.Status transportStatus(com.linecorp.armeria.common.RequestContext ctx, io.grpc.Status status,
      Throwable cause, io.grpc.Metadata metadata) {
    String text = String.valueOf(status.getDescription()) + " " + (cause == null ? "" : cause.getMessage());
    java.util.regex.Matcher m = FRAME_TOO_LARGE.matcher(text);
    if (m.find()) {
      return io.grpc.Status.RESOURCE_EXHAUSTED.withDescription(
          "grpc: received message larger than max (" + m.group(1) + " vs. " + m.group(2) + ")");
    }
    if (status.getCode() == io.grpc.Status.Code.INTERNAL && (cause instanceof InvalidProtocolBufferException
        || status.getCause() instanceof InvalidProtocolBufferException
        || "Invalid protobuf byte sequence".equals(status.getDescription()))) {
      return io.grpc.Status.INTERNAL.withDescription(UNREADABLE_REQUEST);
    }
    return status;
  }

  /**
   * The service definition: each RPC bound by its block's package.
   *
   * @throws IllegalStateException when an RPC of the service is bound twice or not at all, or a binding is not an
   *     RPC of the service
   */
  static ServerServiceDefinition definition(Blocks blocks, GrpcCalls calls) {
    return definition(blocks, calls, BINDINGS);
  }

  /** {@link #definition(Blocks, GrpcCalls)} with {@code bindings} instead of the blocks' own. */
  static ServerServiceDefinition definition(Blocks blocks, GrpcCalls calls, List<GrpcMethods.Binding> bindings) {
    GrpcMethods methods = new GrpcMethods(calls);
    bindings.forEach(binding -> binding.bind(blocks, methods));
    Map<String, ServerMethodDefinition<?, ?>> bound = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> definition : methods.definitions()) {
      String name = definition.getMethodDescriptor().getFullMethodName();
      if (bound.putIfAbsent(name, definition) != null) {
        problems.add("bound twice: " + name);
      }
    }
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(SERVICE);
    for (MethodDescriptor<?, ?> method : SERVICE.getMethods()) {
      ServerMethodDefinition<?, ?> definition = bound.remove(method.getFullMethodName());
      if (definition == null) {
        problems.add("no answer: " + method.getFullMethodName());
      } else {
        builder.addMethod(definition);
      }
    }
    bound.keySet().forEach(name -> problems.add("not an RPC of the Dapr service: " + name));
    if (!problems.isEmpty()) {
      throw new IllegalStateException("the Dapr service is not bound exactly once per RPC: " + problems);
    }
    return builder.build();
  }
}
