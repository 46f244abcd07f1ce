package io.jdaprd.api.grpc.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.dapr.v1.DaprBindingsProtos.InvokeBindingRequest;
import io.dapr.v1.DaprBindingsProtos.InvokeBindingResponse;
import io.dapr.v1.DaprGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.jdaprd.api.grpc.DaprGrpcApi;
import io.jdaprd.core.component.ComponentDefinition;
import io.jdaprd.core.component.ComponentType;
import io.jdaprd.core.component.ComponentTypes;
import io.jdaprd.core.health.HealthBlock;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.core.runtime.Resources;
import io.jdaprd.core.runtime.Runtime;
import io.jdaprd.core.runtime.RuntimeOptions;
import io.jdaprd.errors.ErrorRendering;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code InvokeBinding} over an echo binding, with a grpc-java client as the SDKs use. */
@SuppressWarnings("deprecation")
class BindingsMethodsTest {
  private static Server server;
  private static Runtime runtime;
  private static ManagedChannel channel;
  private final AtomicReference<Metadata> headers = new AtomicReference<>();
  private final AtomicReference<Metadata> trailers = new AtomicReference<>();

  @BeforeAll
  static void start() {
    runtime = Runtime.assemble(RuntimeOptions.of("myapp", "1.0.0-test").withApiServers(
        List.of(HealthBlock.GRPC_SERVER)), new ComponentTypes().register(new ComponentType(EchoBinding.TYPE,
            Set.of("v1"), EchoBinding::new)), Resources.of(List.of(new ComponentDefinition("echo", EchoBinding.TYPE,
                "v1", Map.of(), List.of(), false, Path.of("echo.yaml")))), null, () -> { });
    ServerBuilder sb = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0);
    DaprGrpcApi.addTo(sb, runtime.blocks(), new ApiSettings(ErrorRendering.DAPR, null, 4 << 20));
    server = sb.build();
    server.start().join();
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.activeLocalPort(),
        InsecureChannelCredentials.create()).build();
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    server.stop();
    runtime.close();
  }

  private DaprGrpc.DaprBlockingStub stub() {
    Metadata extra = new Metadata();
    extra.put(Metadata.Key.of("x-caller", Metadata.ASCII_STRING_MARSHALLER), "sdk");
    extra.put(Metadata.Key.of("k", Metadata.ASCII_STRING_MARSHALLER), "from-call");
    return DaprGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(extra),
        MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
  }

  private static String header(Metadata md, String key) {
    return md == null ? null : md.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
  }

  @Test
  @DisplayName("data goes as bytes; the call's metadata joins the request's (request keys win); metadata comes back")
  void roundTrip() {
    InvokeBindingResponse r = stub().invokeBinding(InvokeBindingRequest.newBuilder().setName("echo")
        .setOperation("create").setData(ByteString.copyFromUtf8("raw \u0001 bytes")).putMetadata("k", "v").build());
    assertThat(r.getData().toString(StandardCharsets.UTF_8)).isEqualTo("raw \u0001 bytes");
    assertThat(r.getMetadataMap()).containsEntry("k", "v").containsEntry("op", "create")
        .containsEntry("x-caller", "sdk").containsKey("dapr-authority").doesNotContainKey(":authority");
    assertThat(header(headers.get(), "metadata.op")).isEqualTo("create");
  }

  @Test
  @DisplayName("nothing answered is an empty response")
  void nothing() {
    InvokeBindingResponse r = stub().invokeBinding(InvokeBindingRequest.newBuilder().setName("echo")
        .setOperation("none").build());
    assertThat(r).isEqualTo(InvokeBindingResponse.getDefaultInstance());
  }

  @Test
  @DisplayName("errors are INTERNAL with daprd's texts; a failing binding's metadata still comes back")
  void errors() {
    assertThatThrownBy(() -> stub().invokeBinding(InvokeBindingRequest.newBuilder().setName("echo").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
          assertThat(e.getStatus().getDescription())
              .isEqualTo("error invoking output binding echo: operation field is missing from request");
        });
    assertThatThrownBy(() -> stub().invokeBinding(InvokeBindingRequest.newBuilder().setName("x")
        .setOperation("create").build())).hasMessage("INTERNAL: error invoking output binding x: couldn't find"
            + " output binding x");
    assertThatThrownBy(() -> stub().invokeBinding(InvokeBindingRequest.newBuilder().setName("echo")
        .setOperation("get").build())).hasMessage("INTERNAL: error invoking output binding echo: binding echo does"
            + " not support operation get. supported operations:create none fail");
    assertThatThrownBy(() -> stub().invokeBinding(InvokeBindingRequest.newBuilder().setName("echo")
        .setOperation("fail").build())).hasMessage("INTERNAL: error invoking output binding echo: target answered"
            + " 418");
    String statusCode = header(headers.get(), "metadata.statuscode");
    if (statusCode == null) {
      statusCode = header(trailers.get(), "metadata.statuscode");
    }
    assertThat(statusCode).as("the metadata of a failure travels back").isEqualTo("418");
  }
}
