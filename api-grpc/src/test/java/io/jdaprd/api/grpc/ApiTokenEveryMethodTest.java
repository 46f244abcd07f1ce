package io.jdaprd.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With {@code DAPR_API_TOKEN} set, every RPC of the Dapr service, unary and streaming, taken from the service
 * descriptor rather than a hand-kept list, refuses a call without the token or with a wrong one: an RPC added later
 * without the check fails here.
 */
class ApiTokenEveryMethodTest {
  private static Sidecar sidecar;

  @BeforeAll
  static void start() {
    sidecar = Sidecar.options().token("s3cret").start();
  }

  @AfterAll
  static void stop() {
    sidecar.close();
  }

  static Stream<MethodDescriptor<?, ?>> methods() {
    return DaprGrpcApi.SERVICE.getMethods().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("methods")
  void refusedWithoutTheToken(MethodDescriptor<?, ?> method) throws Exception {
    assertThat(call(method, null)).satisfies(s -> {
      assertThat(s.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(s.getDescription()).isEqualTo("Unauthorized");
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("methods")
  void refusedWithAWrongToken(MethodDescriptor<?, ?> method) throws Exception {
    assertThat(call(method, "s3cre").getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  /** Sends the method's default request once, half-closes, and returns the status the call closed with. */
  private static <ReqT, RespT> Status call(MethodDescriptor<ReqT, RespT> method, String token) throws Exception {
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(Metadata.Key.of("dapr-api-token", Metadata.ASCII_STRING_MARSHALLER), token);
    }
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<ReqT, RespT> call = sidecar.channel.newCall(method,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, headers);
    call.request(1);
    call.sendMessage(defaultRequest(method));
    call.halfClose();
    return closed.get(15, TimeUnit.SECONDS);
  }

  @SuppressWarnings("unchecked")
  private static <ReqT> ReqT defaultRequest(MethodDescriptor<ReqT, ?> method) {
    return (ReqT) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype();
  }
}
