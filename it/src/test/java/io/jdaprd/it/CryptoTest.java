package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.dapr.v1.CommonProtos.StreamPayload;
import io.dapr.v1.DaprCryptoProtos.DecryptRequest;
import io.dapr.v1.DaprCryptoProtos.DecryptRequestOptions;
import io.dapr.v1.DaprCryptoProtos.DecryptResponse;
import io.dapr.v1.DaprCryptoProtos.EncryptRequest;
import io.dapr.v1.DaprCryptoProtos.EncryptRequestOptions;
import io.dapr.v1.DaprCryptoProtos.EncryptResponse;
import io.dapr.v1.DaprGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cryptography through a whole sidecar ({@code -Xmx256m}) with a {@code crypto.dapr.localstorage} and a
 * {@code crypto.dapr.jwks} provider: round trips over HTTP and gRPC (a message encrypted on one wire decrypts on
 * the other), daprd's errors byte for byte, and a 200 MiB payload encrypted and decrypted at once, streamed.
 */
class CryptoTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static SidecarProcess sidecar;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    Path keys = Locations.newDirectory("crypto-keys");
    byte[] aes = new byte[32];
    new SecureRandom().nextBytes(aes);
    String k = Base64.getUrlEncoder().withoutPadding().encodeToString(aes);
    Files.writeString(keys.resolve("symmetric-key-256.json"), "{\"kty\":\"oct\",\"k\":\"" + k + "\"}");
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    Files.writeString(keys.resolve("rsa-private-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    Path resources = Locations.newDirectory("crypto-resources");
    Files.writeString(resources.resolve("localstorage.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: localstorage
        spec:
          type: crypto.dapr.localstorage
          version: v1
          metadata:
            - name: path
              value: "%s"
        """.formatted(keys));
    Files.writeString(resources.resolve("jwks.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: jwks
        spec:
          type: crypto.dapr.jwks
          version: v1
          metadata:
            - name: jwks
              value: '{"keys":[{"kty":"oct","kid":"mykey","k":"%s"}]}'
        """.formatted(k));
    sidecar = SidecarProcess.withAppId("it-crypto").resources(resources).jvmOptions("-Xmx256m")
        .args("--max-body-size", "1Gi").start();
    channel = GrpcFailure.channel(sidecar);
  }

  @AfterAll
  static void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (sidecar != null) {
      sidecar.close();
    }
  }

  private static HttpResponse<byte[]> put(String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sidecar.httpBase() + path))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return r.statusCode() + " " + new String(r.body());
  }

  @Test
  void httpRoundTripsWithEveryProviderAndCipher() throws Exception {
    byte[] plain = new byte[150_000];
    new SecureRandom().nextBytes(plain);
    String[][] cases = {{"localstorage", "symmetric-key-256.json", "A256KW", "aes-gcm"},
        {"localstorage", "rsa-private-key.pem", "RSA-OAEP-256", "chacha20-poly1305"},
        {"localstorage", "rsa-private-key.pem", "rsa", ""}, {"jwks", "mykey", "AES", "AES-GCM"}};
    for (String[] c : cases) {
      HttpResponse<byte[]> enc = put("/v1.0-alpha1/crypto/" + c[0] + "/encrypt", plain, "dapr-key-name", c[1],
          "dapr-key-wrap-algorithm", c[2], "dapr-data-encryption-cipher", c[3].isEmpty() ? "aes-gcm" : c[3]);
      assertThat(enc.statusCode()).as(text(enc)).isEqualTo(200);
      assertThat(enc.headers().firstValue("content-type")).hasValue("application/octet-stream");
      assertThat(new String(enc.body(), 0, 15)).isEqualTo("dapr.io/enc/v1\n");
      HttpResponse<byte[]> dec = put("/v1.0-alpha1/crypto/" + c[0] + "/decrypt", enc.body());
      assertThat(dec.statusCode()).as(text(dec)).isEqualTo(200);
      assertThat(dec.body()).isEqualTo(plain);
    }
  }

  @Test
  void httpErrorsAreDaprds() throws Exception {
    String base = "/v1.0-alpha1/crypto/";
    assertThat(text(put(base + "nope/encrypt", new byte[1], "dapr-key-name", "k", "dapr-key-wrap-algorithm", "A256KW")))
        .isEqualTo("400 {\"errorCode\":\"ERR_CRYPTO_PROVIDER_NOT_FOUND\",\"message\":\"crypto provider nope not found\"}");
    assertThat(text(put(base + "localstorage/encrypt", new byte[1], "dapr-key-wrap-algorithm", "A256KW")))
        .isEqualTo("400 {\"errorCode\":\"ERR_BAD_REQUEST\",\"message\":\"invalid request: missing header "
            + "'dapr-key-name'\"}");
    assertThat(text(put(base + "localstorage/encrypt", new byte[1], "dapr-key-name", "k")))
        .isEqualTo("400 {\"errorCode\":\"ERR_BAD_REQUEST\",\"message\":\"invalid request: missing header "
            + "'dapr-key-wrap-algorithm'\"}");
    assertThat(text(put(base + "localstorage/encrypt", new byte[1], "dapr-key-name", "k",
        "dapr-key-wrap-algorithm", "rsa-oaep"))).isEqualTo("500 {\"errorCode\":\"ERR_CRYPTO\",\"message\":"
        + "\"failed to perform operation: option Algorithm is not valid: algorithm RSA-OAEP is not supported\"}");
    assertThat(text(put(base + "jwks/encrypt", new byte[1], "dapr-key-name", "other",
        "dapr-key-wrap-algorithm", "A256KW"))).isEqualTo("500 {\"errorCode\":\"ERR_CRYPTO\",\"message\":"
        + "\"failed to perform operation: failed to wrap the file key: failed to retrieve the key encryption key: "
        + "key not found\"}");
    assertThat(text(put(base + "jwks/decrypt", "hello\nworld\n".getBytes())))
        .isEqualTo("500 {\"errorCode\":\"ERR_CRYPTO\",\"message\":\"failed to perform operation: invalid header: "
            + "unsupported scheme\"}");
    HttpResponse<byte[]> enc = put(base + "jwks/encrypt", new byte[100], "dapr-key-name", "mykey",
        "dapr-key-wrap-algorithm", "A256KW");
    byte[] tampered = enc.body().clone();
    tampered[tampered.length - 1] ^= 1;
    assertThat(text(put(base + "jwks/decrypt", tampered))).isEqualTo(
        "500 {\"errorCode\":\"ERROR\",\"message\":\"error processing segment 0: failed to decrypt segment\"}");
    HttpResponse<byte[]> large = put(base + "jwks/encrypt", new byte[3 << 20], "dapr-key-name", "mykey",
        "dapr-key-wrap-algorithm", "A256KW");
    byte[] largeTampered = large.body().clone();
    largeTampered[largeTampered.length - 1] ^= 1;
    assertThat(text(put(base + "jwks/decrypt", largeTampered))).as("a failure past the first MiB").isEqualTo(
        "500 {\"errorCode\":\"ERROR\",\"message\":\"error processing segment 47: failed to decrypt segment\"}");
    assertThat(text(put(base + "localstorage/decrypt", enc.body(), "dapr-key-name", "rsa-private-key.pem")))
        .as("another key").isEqualTo("500 {\"errorCode\":\"ERR_CRYPTO\",\"message\":\"failed to perform "
            + "operation: failed to validate the document's signature\"}");
  }

  private static List<byte[]> grpcEncrypt(EncryptRequestOptions options, List<byte[]> chunks) throws Exception {
    List<EncryptRequest> requests = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      EncryptRequest.Builder r = EncryptRequest.newBuilder().setPayload(StreamPayload.newBuilder()
          .setData(ByteString.copyFrom(chunks.get(i))).setSeq(i));
      if (i == 0) {
        r.setOptions(options);
      }
      requests.add(r.build());
    }
    return stream(DaprGrpc.newStub(channel)::encryptAlpha1, requests, EncryptResponse::getPayload);
  }

  private static <Q, R> List<byte[]> stream(java.util.function.Function<StreamObserver<R>, StreamObserver<Q>> rpc,
      List<Q> requests, java.util.function.Function<R, StreamPayload> payload) throws Exception {
    CompletableFuture<List<byte[]>> done = new CompletableFuture<>();
    List<byte[]> out = new ArrayList<>();
    StreamObserver<Q> send = rpc.apply(new StreamObserver<R>() {
      long seq;

      @Override
      public void onNext(R value) {
        StreamPayload p = payload.apply(value);
        if (p.getSeq() != seq++) {
          done.completeExceptionally(new AssertionError("seq " + p.getSeq()));
        }
        out.add(p.getData().toByteArray());
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(out);
      }
    });
    requests.forEach(send::onNext);
    send.onCompleted();
    try {
      return done.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  @Test
  void grpcEncryptsAndHttpDecrypts() throws Exception {
    byte[] plain = new byte[200_000];
    new SecureRandom().nextBytes(plain);
    List<byte[]> chunks = List.of(java.util.Arrays.copyOfRange(plain, 0, 1000),
        java.util.Arrays.copyOfRange(plain, 1000, 100_000), java.util.Arrays.copyOfRange(plain, 100_000, 200_000));
    byte[] enc = concat(grpcEncrypt(EncryptRequestOptions.newBuilder().setComponentName("jwks").setKeyName("mykey")
        .setKeyWrapAlgorithm("a256kw").setDataEncryptionCipher("chacha20-poly1305").build(), chunks));
    HttpResponse<byte[]> dec = put("/v1.0-alpha1/crypto/jwks/decrypt", enc);
    assertThat(dec.body()).isEqualTo(plain);
    List<DecryptRequest> requests = List.of(DecryptRequest.newBuilder()
        .setOptions(DecryptRequestOptions.newBuilder().setComponentName("jwks"))
        .setPayload(StreamPayload.newBuilder().setData(ByteString.copyFrom(enc, 0, 10))).build(),
        DecryptRequest.newBuilder().setPayload(StreamPayload.newBuilder().setSeq(1)
            .setData(ByteString.copyFrom(enc, 10, enc.length - 10))).build());
    assertThat(concat(stream(DaprGrpc.newStub(channel)::decryptAlpha1, requests, DecryptResponse::getPayload)))
        .isEqualTo(plain);
  }

  private static String grpcError(EncryptRequestOptions options, List<byte[]> chunks) {
    try {
      grpcEncrypt(options, chunks);
      return "no error";
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() + " " + e.getStatus().getDescription();
    } catch (Exception e) {
      return e.toString();
    }
  }

  @Test
  void grpcErrorsAreDaprds() throws Exception {
    EncryptRequestOptions ok = EncryptRequestOptions.newBuilder().setComponentName("jwks").setKeyName("mykey")
        .setKeyWrapAlgorithm("A256KW").build();
    assertThat(grpcError(ok.toBuilder().clearKeyName().build(), List.of(new byte[1])))
        .isEqualTo("INVALID_ARGUMENT invalid request: missing property 'keyName' in the options message");
    assertThat(grpcError(ok.toBuilder().clearKeyWrapAlgorithm().setComponentName("nope").build(),
        List.of(new byte[1])))
        .isEqualTo("INVALID_ARGUMENT invalid request: missing property 'keyWrapAlgorithm' in the options message");
    assertThat(grpcError(ok.toBuilder().setComponentName("nope").build(), List.of(new byte[1])))
        .isEqualTo("INVALID_ARGUMENT crypto provider nope not found");
    assertThat(grpcError(ok.toBuilder().setComponentName("").build(), List.of(new byte[1])))
        .isEqualTo("INVALID_ARGUMENT invalid request: missing component name");
    List<EncryptRequest> badSeq = List.of(EncryptRequest.newBuilder().setOptions(ok)
        .setPayload(StreamPayload.newBuilder().setData(ByteString.copyFromUtf8("a"))).build(),
        EncryptRequest.newBuilder().setPayload(StreamPayload.newBuilder().setSeq(5)
            .setData(ByteString.copyFromUtf8("b"))).build());
    assertThatThrownBy(() -> stream(DaprGrpc.newStub(channel)::encryptAlpha1, badSeq, EncryptResponse::getPayload))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode() + " "
            + e.getStatus().getDescription()).isEqualTo("INTERNAL failed to perform operation: invalid sequence "
            + "number received: 5 (expected: 1)"));
    assertThatThrownBy(() -> stream(DaprGrpc.newStub(channel)::encryptAlpha1,
        List.of(EncryptRequest.newBuilder().build()), EncryptResponse::getPayload))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
            .isEqualTo("invalid request: first message does not contain the required options"));
    assertThatThrownBy(() -> stream(DaprGrpc.newStub(channel)::encryptAlpha1, List.<EncryptRequest>of(),
        EncryptResponse::getPayload))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode() + " "
            + e.getStatus().getDescription())
            .isEqualTo("INTERNAL failed to perform operation: error receiving the first message: EOF"));
  }

  @Test
  void javaSdkEncryptsAndDecrypts() throws Exception {
    byte[] plain = new byte[300_000];
    new SecureRandom().nextBytes(plain);
    try (io.dapr.client.DaprPreviewClient client = new io.dapr.client.DaprClientBuilder()
        .withPropertyOverride(io.dapr.config.Properties.SIDECAR_IP, "127.0.0.1")
        .withPropertyOverride(io.dapr.config.Properties.HTTP_PORT, String.valueOf(sidecar.httpPort()))
        .withPropertyOverride(io.dapr.config.Properties.GRPC_PORT, String.valueOf(sidecar.grpcPort()))
        .buildPreviewClient()) {
      byte[] enc = concat(client.encrypt(new io.dapr.client.domain.EncryptRequestAlpha1("localstorage",
          reactor.core.publisher.Flux.just(java.util.Arrays.copyOfRange(plain, 0, 100_000),
              java.util.Arrays.copyOfRange(plain, 100_000, plain.length)), "rsa-private-key.pem", "RSA-OAEP-256")
          .setDataEncryptionCipher("chacha20-poly1305")).collectList().block(Duration.ofSeconds(20)));
      assertThat(put("/v1.0-alpha1/crypto/localstorage/decrypt", enc).body()).isEqualTo(plain);
      byte[] dec = concat(client.decrypt(new io.dapr.client.domain.DecryptRequestAlpha1("localstorage",
          reactor.core.publisher.Flux.just(enc))).collectList().block(Duration.ofSeconds(20)));
      assertThat(dec).isEqualTo(plain);
      assertThatThrownBy(() -> client.encrypt(new io.dapr.client.domain.EncryptRequestAlpha1("nope",
          reactor.core.publisher.Flux.just(plain), "k", "A256KW")).collectList().block(Duration.ofSeconds(20)))
          .hasMessageContaining("INVALID_ARGUMENT").hasMessageContaining("crypto provider nope not found");
    }
  }

  @Test
  void jsSdkEncryptsAndDecryptsOverGrpc() throws Exception {
    String skipped = NodeJs.problem("CryptoTest");
    org.junit.jupiter.api.Assumptions.assumeTrue(skipped == null, () -> skipped);
    NodeJs.installIfNeeded();
    NodeJs.Script script = NodeJs.run("crypto-test.mjs", Map.of("DAPR_HOST", "127.0.0.1", "DAPR_GRPC_PORT",
        String.valueOf(sidecar.grpcPort())), "js-crypto-test.out");
    assertThat(script.exitCode()).as("exit code of node crypto-test.mjs; output:%n%s", script.output()).isZero();
    assertThat(script.lines()).as(script.output()).extracting(l -> l.has("summary")
        ? "summary failures=" + l.get("failures").asInt()
        : l.get("check").asText() + (l.get("ok").asBoolean() ? " ok" : " FAILED"))
        .containsExactly("aes-header ok", "aes-roundtrip ok", "rsa-header ok", "rsa-roundtrip ok",
            "unknown-component ok", "bad-ciphertext ok", "summary failures=0");
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes());
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  @Test
  void a200MiBPayloadEncryptsAndDecryptsStreamedInA256MiBHeap() throws Exception {
    long size = 200L << 20;
    long started = System.nanoTime();
    HttpResponse<InputStream> enc = HTTP.send(HttpRequest.newBuilder(URI.create(sidecar.httpBase()
        + "/v1.0-alpha1/crypto/jwks/encrypt")).timeout(Duration.ofSeconds(120)).header("dapr-key-name", "mykey")
        .header("dapr-key-wrap-algorithm", "A256KW")
        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedBody(size))).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(enc.statusCode()).isEqualTo(200);
    assertThat(enc.headers().firstValueAsLong("content-length").orElse(0)).isGreaterThan(size);
    HttpResponse<InputStream> dec = HTTP.send(HttpRequest.newBuilder(URI.create(sidecar.httpBase()
        + "/v1.0-alpha1/crypto/jwks/decrypt")).timeout(Duration.ofSeconds(120))
        .PUT(HttpRequest.BodyPublishers.ofInputStream(enc::body)).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(dec.statusCode()).as(() -> dec.statusCode() == 200 ? "" : read(dec.body())).isEqualTo(200);
    long position = 0;
    try (InputStream in = dec.body()) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) >= 0; ) {
        for (int i = 0; i < n; i++) {
          if (buf[i] != (byte) (position + i)) {
            throw new AssertionError("byte " + (position + i) + " differs");
          }
        }
        position += n;
      }
    }
    assertThat(position).isEqualTo(size);
    System.out.printf("CryptoTest: %d MiB encrypted and decrypted through one sidecar in %d ms%n", size >> 20,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    assertThat(sidecar.isAlive()).isTrue();
    assertThat(sidecar.logText()).doesNotContain("OutOfMemoryError").doesNotContain("OutOfDirectMemoryError");
  }
}
