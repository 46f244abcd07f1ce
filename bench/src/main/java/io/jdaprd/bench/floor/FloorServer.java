package io.jdaprd.bench.floor;

import com.google.protobuf.Empty;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.GetStateResponse;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.grpc.stub.StreamObserver;

/**
 * A bare Armeria server, started as its own process by {@code bench/run}: on its HTTP port every request is read
 * whole and answered {@code 204}; on its gRPC port {@code Dapr/GetState} answers an empty response and
 * {@code Dapr/SaveState} an {@code Empty}, with no logic behind them. The same requests the sidecar gets, on the
 * same stack, minus the sidecar. Prints {@code READY http=P grpc=Q} once both listen; stops on SIGTERM.
 *
 * <p>Flags: {@code --http-port P --grpc-port Q} (0 or absent: any free port).
 */
public final class FloorServer {
  private FloorServer() {
  }

  public static void main(String[] args) {
    int httpPort = 0;
    int grpcPort = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--http-port" -> httpPort = Integer.parseInt(args[i + 1]);
        case "--grpc-port" -> grpcPort = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("flag: " + args[i] + " (expected: --http-port, --grpc-port)");
      }
    }
    Server http = Server.builder().http(httpPort)
        .serviceUnder("/", (ctx, req) -> HttpResponse.of(req.aggregate()
            .thenApply(r -> HttpResponse.of(HttpStatus.NO_CONTENT))))
        .build();
    Server grpc = Server.builder().http(grpcPort)
        .service(GrpcService.builder().addService(new Floor()).build())
        .build();
    http.start().join();
    grpc.start().join();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      http.stop().join();
      grpc.stop().join();
    }, "floor-stop"));
    System.out.println("READY http=" + http.activeLocalPort() + " grpc=" + grpc.activeLocalPort());
    System.out.flush();
  }

  /** The Dapr service with nothing behind it. */
  private static final class Floor extends DaprGrpc.DaprImplBase {
    @Override
    public void getState(GetStateRequest request, StreamObserver<GetStateResponse> observer) {
      observer.onNext(GetStateResponse.getDefaultInstance());
      observer.onCompleted();
    }

    @Override
    public void saveState(SaveStateRequest request, StreamObserver<Empty> observer) {
      observer.onNext(Empty.getDefaultInstance());
      observer.onCompleted();
    }
  }
}
