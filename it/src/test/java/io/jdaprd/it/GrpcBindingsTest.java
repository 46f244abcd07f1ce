package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.DaprAppCallbackProtos.BindingEventRequest;
import io.dapr.v1.DaprAppCallbackProtos.BindingEventResponse;
import io.dapr.v1.DaprAppCallbackProtos.ListInputBindingsResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.jdaprd.spi.testkit.timing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Input bindings into a gRPC app ({@code --app-protocol grpc}): the app lists the bindings it takes
 * ({@code ListInputBindings}), cron ticks arrive as {@code OnBindingEvent}, a refused event does not stop the next,
 * and an answer naming output bindings is forwarded to them with {@code create}, as daprd forwards it.
 */
class GrpcBindingsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final List<BindingEventRequest> EVENTS = new CopyOnWriteArrayList<>();
  private static Server app;
  private static Path files;
  private static SidecarProcess sidecar;

  @BeforeAll
  static void start() throws Exception {
    app = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new Callback()).build()
        .start();
    files = Locations.newDirectory("grpc-bindings-files");
    Path resources = Locations.newDirectory("grpc-bindings-resources");
    BindingsTest.write(resources.resolve("bindings.yaml"), BindingsTest.component("tick", "bindings.cron",
        "schedule", "@every 1s") + "---\n" + BindingsTest.component("unlisted", "bindings.cron", "schedule",
            "@every 1s") + "---\n" + BindingsTest.component("files", "bindings.localstorage", "rootPath",
                files.toString()));
    sidecar = SidecarProcess.withAppId("it-grpc-bindings").resources(resources)
        .args("--app-port", String.valueOf(app.getPort()), "--app-protocol", "grpc").start();
  }

  @AfterAll
  static void stop() {
    if (sidecar != null) {
      sidecar.close();
    }
    if (app != null) {
      app.shutdownNow();
    }
  }

  /** Takes {@code tick} only; refuses the first event; answers the others by forwarding to {@code files}. */
  private static final class Callback extends AppCallbackGrpc.AppCallbackImplBase {
    @Override
    public void listInputBindings(Empty request, StreamObserver<ListInputBindingsResponse> response) {
      response.onNext(ListInputBindingsResponse.newBuilder().addBindings("tick").build());
      response.onCompleted();
    }

    @Override
    public void onBindingEvent(BindingEventRequest request, StreamObserver<BindingEventResponse> response) {
      EVENTS.add(request);
      if (EVENTS.size() == 1) {
        response.onError(Status.UNAVAILABLE.withDescription("not now").asRuntimeException());
        return;
      }
      response.onNext(BindingEventResponse.newBuilder().addTo("files")
          .setData(ByteString.copyFromUtf8("\"forwarded\"")).build());
      response.onCompleted();
    }
  }

  private static List<String> fileContents() {
    try (Stream<Path> walk = Files.walk(files)) {
      return walk.filter(Files::isRegularFile).map(p -> {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void ticksArriveAsOnBindingEventAndTheAnswerIsForwarded() throws Exception {
    Poll.await("three binding events", WAIT, () -> EVENTS.size() >= 3);
    BindingEventRequest event = EVENTS.get(2);
    assertThat(event.getName()).isEqualTo("tick");
    assertThat(event.getData()).isEmpty();
    assertThat(event.getMetadataMap()).containsEntry("timeZone", "Local").containsKey("readTimeUTC");
    assertThat(EVENTS).as("a binding the app does not list is not delivered").extracting(BindingEventRequest::getName)
        .containsOnly("tick");
    Poll.await("a forwarded file", WAIT, () -> !fileContents().isEmpty());
    assertThat(fileContents()).as("the answer's data, forwarded with create to files").contains("forwarded");
  }
}
