package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprInvokeProtos.InvokeServiceRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Invocation of a gRPC app ({@code --app-protocol grpc}) through two sidecar processes: HTTP callers and the gRPC
 * {@code InvokeService} reach {@code AppCallback.OnInvoke}; gRPC proxying carries a plain grpc-java client's calls
 * of the app's own service (unary and bidi streaming) through both sidecars with {@code dapr-app-id} metadata.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcInvokeTest {
  private static final HttpClient HTTP1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static final Metadata.Key<String> APP_ID = Metadata.Key.of("dapr-app-id", Metadata.ASCII_STRING_MARSHALLER);

  private GrpcInvokeApp app;
  private SidecarProcess a;
  private SidecarProcess c;
  private ManagedChannel channel;

  @BeforeAll
  void start() throws Exception {
    app = new GrpcInvokeApp();
    Path names = Locations.newDirectory("grpc-invoke-names").resolve("names.db");
    c = SidecarProcess.withAppId("it-ginvoke-c").names(names)
        .args("--app-port", String.valueOf(app.port()), "--app-protocol", "grpc").start();
    a = SidecarProcess.withAppId("it-ginvoke-a").names(names).start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", a.grpcPort()).usePlaintext().build();
  }

  @AfterAll
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    for (AutoCloseable c0 : new AutoCloseable[] {a, c, app}) {
      if (c0 != null) {
        c0.close();
      }
    }
  }

  @Test
  void anHttpCallerReachesTheGrpcApp() throws Exception {
    HttpResponse<String> r = HTTP1.send(HttpRequest.newBuilder(URI.create(a.httpBase()
        + "/v1.0/invoke/it-ginvoke-c/method/hello?q=1")).POST(HttpRequest.BodyPublishers.ofString("hi")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hello|POST|hi");
    assertThat(r.headers().firstValue("content-type")).hasValue("text/plain");
  }

  @Test
  void aGrpcAppsErrorReachesAnHttpCallerAsJson() throws Exception {
    HttpResponse<String> r = HTTP1.send(HttpRequest.newBuilder(URI.create(a.httpBase()
        + "/v1.0/invoke/it-ginvoke-c/method/fail")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"code\":3,\"message\":\"bad input\",\"details\":[{\"@type\":"
        + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"BAD\",\"domain\":\"app\"}]}");
  }

  @Test
  @SuppressWarnings("deprecation")
  void invokeServiceReachesTheGrpcApp() {
    CommonProtos.InvokeResponse response = DaprGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .invokeService(InvokeServiceRequest.newBuilder().setId("it-ginvoke-c").setMessage(CommonProtos.InvokeRequest
            .newBuilder().setMethod("m").setData(Any.newBuilder().setValue(ByteString.copyFromUtf8("grpc")))).build());
    assertThat(response.getData().getValue().toStringUtf8()).isEqualTo("m|none|grpc");
    assertThatThrownBy(() -> DaprGrpc.newBlockingStub(channel).invokeService(InvokeServiceRequest.newBuilder()
        .setId("it-ginvoke-c").setMessage(CommonProtos.InvokeRequest.newBuilder().setMethod("fail")).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("bad input");
        });
  }

  private io.grpc.Channel proxied(String appId) {
    Metadata md = new Metadata();
    md.put(APP_ID, appId);
    return io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(md));
  }

  @Test
  void aUnaryCallIsProxiedThroughBothSidecars() {
    byte[] answer = ClientCalls.blockingUnaryCall(proxied("it-ginvoke-c"), GrpcInvokeApp.REVERSE,
        io.grpc.CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), "abc".getBytes());
    assertThat(new String(answer)).isEqualTo("cba");
    Metadata seen = app.headers().getLast();
    assertThat(seen.get(Metadata.Key.of("dapr-caller-app-id", Metadata.ASCII_STRING_MARSHALLER)))
        .isEqualTo("it-ginvoke-a");
    assertThat(seen.get(Metadata.Key.of("dapr-callee-app-id", Metadata.ASCII_STRING_MARSHALLER)))
        .isEqualTo("it-ginvoke-c");
  }

  @Test
  void aBidiStreamIsProxiedThroughBothSidecars() throws Exception {
    List<String> got = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(proxied("it-ginvoke-c").newCall(
        GrpcInvokeApp.CHAT, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)),
        new StreamObserver<>() {
          @Override
          public void onNext(byte[] value) {
            got.add(new String(value));
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(null);
          }
        });
    for (int i = 0; i < 5; i++) {
      requests.onNext(("m" + i).getBytes());
    }
    requests.onCompleted();
    done.get(30, TimeUnit.SECONDS);
    assertThat(got).containsExactly("echo:m0", "echo:m1", "echo:m2", "echo:m3", "echo:m4");
  }

  @Test
  void aProxiedCallForAnUnknownAppFails() {
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(proxied("nobody"), GrpcInvokeApp.REVERSE,
        io.grpc.CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), "x".getBytes()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNKNOWN);
          assertThat(e.getStatus().getDescription()).isEqualTo("no host found with the given ID");
        });
  }
}
