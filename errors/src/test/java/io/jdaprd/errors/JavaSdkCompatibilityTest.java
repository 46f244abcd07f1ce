package io.jdaprd.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.BadRequest.FieldViolation;
import com.sun.net.httpserver.HttpServer;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.domain.HttpExtension;
import io.dapr.config.Properties;
import io.dapr.exceptions.DaprErrorDetails.ErrorDetailType;
import io.dapr.utils.TypeRef;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprPubsubProtos;
import io.dapr.v1.DaprStateProtos;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.jdaprd.errors.factories.PubSubErrors;
import io.jdaprd.errors.factories.SecretErrors;
import io.jdaprd.errors.factories.StateErrors;
import io.jdaprd.errors.grpc.GrpcErrorRenderer;
import io.jdaprd.errors.http.HttpError;
import io.jdaprd.errors.http.HttpErrorRenderer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Dapr Java SDK 1.17.1, pointed at small servers that answer with what our renderers produce, sees
 * our errors as it sees daprd's: reason, resource and field violations over gRPC, errorCode and details over HTTP.
 */
class JavaSdkCompatibilityTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final AtomicReference<ErrorRendering> RENDERING = new AtomicReference<>(ErrorRendering.DAPR);
  private static Server grpcServer;
  private static HttpServer httpServer;
  private static DaprClient client;

  /** A fake sidecar whose every state and publish call fails with one of our errors. */
  static final class FailingDapr extends DaprGrpc.DaprImplBase {
    @Override
    public void getState(DaprStateProtos.GetStateRequest request,
        StreamObserver<DaprStateProtos.GetStateResponse> observer) {
      observer.onError(GrpcErrorRenderer.toStatusRuntimeException(
          StateErrors.illegalKey(request.getStoreName(), request.getKey()), RENDERING.get()));
    }

    @Override
    public void publishEvent(DaprPubsubProtos.PublishEventRequest request,
        StreamObserver<com.google.protobuf.Empty> observer) {
      observer.onError(GrpcErrorRenderer.toStatusRuntimeException(
          PubSubErrors.notFound(request.getPubsubName(), null), RENDERING.get()));
    }

    @Override
    public void saveState(DaprStateProtos.SaveStateRequest request,
        StreamObserver<com.google.protobuf.Empty> observer) {
      observer.onError(GrpcErrorRenderer.toStatusRuntimeException(
          SecretErrors.storeNotFound(request.getStoreName()), RENDERING.get()));
    }
  }

  @BeforeAll
  static void start() throws Exception {
    grpcServer = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(new FailingDapr())
        .build().start();
    httpServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    httpServer.createContext("/", exchange -> {
      HttpError error = HttpErrorRenderer.render(StateErrors.illegalKey("mystore", "ke||y1"), RENDERING.get());
      exchange.getResponseHeaders().set("Content-Type", error.contentType());
      exchange.sendResponseHeaders(error.status(), error.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(error.body());
      }
    });
    httpServer.start();
    client = new DaprClientBuilder()
        .withPropertyOverride(Properties.SIDECAR_IP, "127.0.0.1")
        .withPropertyOverride(Properties.GRPC_PORT, Integer.toString(grpcServer.getPort()))
        .withPropertyOverride(Properties.HTTP_PORT, Integer.toString(httpServer.getAddress().getPort()))
        .build();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    grpcServer.shutdownNow();
    httpServer.stop(0);
  }

  private static io.dapr.exceptions.DaprException sdkError(Runnable call) {
    return catchThrowableOfType(io.dapr.exceptions.DaprException.class, call::run);
  }

  @Test
  void grpcErrorDetailsReachTheSdk() {
    RENDERING.set(ErrorRendering.DAPR);
    io.dapr.exceptions.DaprException e =
        sdkError(() -> client.getState("mystore", "ke||y1", String.class).block(TIMEOUT));
    assertThat(e.getErrorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(e.getMessage()).isEqualTo("INVALID_ARGUMENT: input key/keyPrefix 'ke||y1' can't contain '||'");
    assertThat(e.getErrorDetails().get(ErrorDetailType.ERROR_INFO, "reason", TypeRef.STRING))
        .isEqualTo("DAPR_STATE_ILLEGAL_KEY");
    assertThat(e.getErrorDetails().get(ErrorDetailType.ERROR_INFO, "domain", TypeRef.STRING)).isEqualTo("dapr.io");
    assertThat(e.getErrorDetails().get(ErrorDetailType.RESOURCE_INFO, "resourceName", TypeRef.STRING))
        .isEqualTo("mystore");
    assertThat(e.getErrorDetails().get(ErrorDetailType.RESOURCE_INFO, "resourceType", TypeRef.STRING))
        .isEqualTo("state");
    List<FieldViolation> violations = e.getErrorDetails().get(ErrorDetailType.BAD_REQUEST, "fieldViolations",
        new TypeRef<List<FieldViolation>>() { });
    assertThat(violations).singleElement().extracting(FieldViolation::getField).isEqualTo("ke||y1");
  }

  @Test
  void publishToAnUnknownPubsubLooksAsInTheSdksOwnExample() {
    RENDERING.set(ErrorRendering.DAPR);
    io.dapr.exceptions.DaprException e =
        sdkError(() -> client.publishEvent("unknown_pubsub", "mytopic", "hello").block(TIMEOUT));
    assertThat(e.getErrorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(e.getMessage()).isEqualTo("INVALID_ARGUMENT: pubsub unknown_pubsub is not found");
    assertThat(e.getErrorDetails().get(ErrorDetailType.ERROR_INFO, "reason", TypeRef.STRING))
        .isEqualTo("DAPR_PUBSUB_NOT_FOUND");
    assertThat(e.getPayload()).hasSize(116);
  }

  @Test
  void legacyErrorWithoutTrailerAndRichErrorWithHelpBothComplete() {
    RENDERING.set(ErrorRendering.DAPR);
    io.dapr.exceptions.DaprException legacy =
        sdkError(() -> client.saveState("nostore", "k", "v").block(TIMEOUT));
    assertThat(legacy.getMessage()).isEqualTo("INVALID_ARGUMENT: failed finding secret store with key nostore");
    RENDERING.set(ErrorRendering.RICH.withLocale(ErrorLocale.ZH_CN));
    io.dapr.exceptions.DaprException rich = sdkError(() -> client.saveState("nostore", "k", "v").block(TIMEOUT));
    assertThat(rich.getErrorDetails().get(ErrorDetailType.ERROR_INFO, "reason", TypeRef.STRING))
        .isEqualTo("ERR_SECRET_STORE_NOT_FOUND");
    assertThat(rich.getErrorDetails().get(ErrorDetailType.LOCALIZED_MESSAGE, "message", TypeRef.STRING))
        .isEqualTo("未找到键为 nostore 的密钥存储");
    assertThat(rich.getErrorDetails().get(ErrorDetailType.HELP, "links", new TypeRef<List<Object>>() { }))
        .hasSize(1);
  }

  @Test
  void httpErrorParsesThroughTheSdksHttpPath() {
    RENDERING.set(ErrorRendering.DAPR);
    io.dapr.exceptions.DaprException e = sdkError(() -> client.invokeMethod("app", "method", "body",
        HttpExtension.POST, String.class).block(TIMEOUT));
    assertThat(e.getErrorCode()).isEqualTo("ERR_MALFORMED_REQUEST");
    assertThat(e.getHttpStatusCode()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("ERR_MALFORMED_REQUEST: api error: code = InvalidArgument desc = "
        + "input key/keyPrefix 'ke||y1' can't contain '||' (HTTP status code: 400)");
    assertThat(e.getErrorDetails().get(ErrorDetailType.ERROR_INFO, "reason", TypeRef.STRING))
        .isEqualTo("DAPR_STATE_ILLEGAL_KEY");
    assertThat(e.getErrorDetails().get(ErrorDetailType.RESOURCE_INFO, "resource_name", TypeRef.STRING))
        .isEqualTo("mystore");
  }

  @Test
  void richHttpBodyStillParsesInTheSdk() {
    RENDERING.set(ErrorRendering.RICH.withLocale(ErrorLocale.ZH_CN));
    io.dapr.exceptions.DaprException e = sdkError(() -> client.invokeMethod("app", "method", "body",
        HttpExtension.POST, String.class).block(TIMEOUT));
    assertThat(e.getErrorCode()).isEqualTo("ERR_MALFORMED_REQUEST");
    assertThat(e.getErrorDetails().get(ErrorDetailType.LOCALIZED_MESSAGE, "locale", TypeRef.STRING))
        .isEqualTo("zh-CN");
  }
}
