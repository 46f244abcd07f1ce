package io.jdaprd.bench.errors;

import io.grpc.StatusRuntimeException;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorLocale;
import io.jdaprd.errors.ErrorRendering;
import io.jdaprd.errors.factories.SecretErrors;
import io.jdaprd.errors.factories.StateErrors;
import io.jdaprd.errors.grpc.GrpcErrorRenderer;
import io.jdaprd.errors.http.HttpErrorRenderer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an error costs on the wire: the time (ns/op) and, with {@code -prof gc}, the bytes allocated per operation
 * ({@code gc.alloc.rate.norm}) to turn a {@link DaprException} into what a client receives, next to a success body
 * of the same size, so that ratios can be quoted.
 *
 * <p>The exceptions are built once in {@link #setUp()}, so the rendering benchmarks measure rendering only;
 * {@link #createIllegalKey()} measures creation only. The forms:
 * <ul>
 *   <li>{@link #httpLegacy()}: the two-key body {@code {"errorCode","message"}} of {@code ERR_SECRET_STORE_NOT_FOUND}
 *       under {@link ErrorRendering#DAPR};</li>
 *   <li>{@link #httpRich()}: the illegal state key in its HTTP form under {@link ErrorRendering#DAPR}, a body with
 *       three details (BadRequest, ResourceInfo, ErrorInfo);</li>
 *   <li>{@link #httpRichZh()}: the same under {@link ErrorRendering#RICH} for a zh-CN client, which adds a Help
 *       link and a LocalizedMessage;</li>
 *   <li>{@link #grpcRichException()}: the {@link StatusRuntimeException} for the illegal key. This already includes
 *       the trailer bytes: grpc-java's proto metadata marshaller is not a stream marshaller, so putting the
 *       {@code google.rpc.Status} into the trailers serializes it at once. It also includes the stack trace
 *       grpc-java fills into every {@code StatusRuntimeException}, whose cost grows with the call depth;</li>
 *   <li>{@link #grpcRichStatusBytes()}: just the {@code grpc-status-details-bin} payload, the
 *       {@code google.rpc.Status} built and serialized with {@code toByteArray()}, without the exception;</li>
 *   <li>{@link #grpcLegacy()}: the {@link StatusRuntimeException} of a legacy error, code and message only, no
 *       trailer;</li>
 *   <li>{@link #createIllegalKey()}: {@code StateErrors.illegalKey} itself, which formats both messages and builds
 *       the gRPC and HTTP forms (the exception does not capture a stack trace);</li>
 *   <li>{@link #baselineLegacySize()} and {@link #baselineRichSize()}: a success JSON body built with a
 *       {@link StringBuilder} and encoded as UTF-8, as long as the legacy and the rich HTTP error bodies.</li>
 * </ul>
 *
 * <p>Run with {@code bench/jmh ErrorRendering -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ErrorRenderingBenchmark {
  /** A state store name as an application would use it. */
  private String store;
  /** A state key with the forbidden {@code ||}. */
  private String key;
  /** A secret store that does not exist. */
  private String secretStore;

  private DaprException legacy;
  private DaprException illegalKey;
  private ErrorRendering richZh;

  /** The value of the baseline bodies, padded so each matches its error body's length. */
  private String legacySizeValue;
  private String richSizeValue;

  /** Builds the errors once and checks that each benchmark renders what its name says. */
  @Setup
  public void setUp() {
    store = "statestore";
    key = "order||42";
    secretStore = "vault";
    legacy = SecretErrors.storeNotFound(secretStore);
    illegalKey = StateErrors.illegalKey(store, key);
    richZh = ErrorRendering.RICH.withLocale(ErrorLocale.ZH_CN);

    String legacyBody = HttpErrorRenderer.render(legacy, ErrorRendering.DAPR).bodyText();
    String richBody = HttpErrorRenderer.render(illegalKey, ErrorRendering.DAPR).bodyText();
    String richZhBody = HttpErrorRenderer.render(illegalKey, richZh).bodyText();
    require(!legacyBody.contains("details"), "legacy body has details: " + legacyBody);
    for (String type : new String[] {"BadRequest", "ResourceInfo", "ErrorInfo"}) {
      require(richBody.contains("google.rpc." + type), "rich body lacks " + type + ": " + richBody);
    }
    for (String type : new String[] {"Help", "LocalizedMessage"}) {
      require(richZhBody.contains("google.rpc." + type), "rich zh-CN body lacks " + type + ": " + richZhBody);
    }
    require(GrpcErrorRenderer.toStatusProto(illegalKey, ErrorRendering.DAPR).getDetailsCount() > 0,
        "illegal key has no gRPC details");
    require(GrpcErrorRenderer.toStatusProto(legacy, ErrorRendering.DAPR).getDetailsCount() == 0,
        "legacy error has gRPC details");

    legacySizeValue = filler(legacyBody.getBytes(StandardCharsets.UTF_8).length);
    richSizeValue = filler(richBody.getBytes(StandardCharsets.UTF_8).length);
    require(successBody(legacySizeValue).length == legacyBody.getBytes(StandardCharsets.UTF_8).length,
        "baseline size differs from the legacy body");
    require(successBody(richSizeValue).length == richBody.getBytes(StandardCharsets.UTF_8).length,
        "baseline size differs from the rich body");
  }

  /** 1. The legacy two-key HTTP body. */
  @Benchmark
  public byte[] httpLegacy() {
    return HttpErrorRenderer.render(legacy, ErrorRendering.DAPR).body();
  }

  /** 2. The rich HTTP body with three details, byte-identical to daprd. */
  @Benchmark
  public byte[] httpRich() {
    return HttpErrorRenderer.render(illegalKey, ErrorRendering.DAPR).body();
  }

  /** 3. The rich HTTP body with jdaprd's extra details and a zh-CN LocalizedMessage. */
  @Benchmark
  public byte[] httpRichZh() {
    return HttpErrorRenderer.render(illegalKey, richZh).body();
  }

  /** 4a. The gRPC exception of the illegal key, its trailer already serialized. */
  @Benchmark
  public StatusRuntimeException grpcRichException() {
    return GrpcErrorRenderer.toStatusRuntimeException(illegalKey, ErrorRendering.DAPR);
  }

  /** 4b. The trailer payload alone: the {@code google.rpc.Status} of the illegal key, as bytes. */
  @Benchmark
  public byte[] grpcRichStatusBytes() {
    return GrpcErrorRenderer.toStatusProto(illegalKey, ErrorRendering.DAPR).toByteArray();
  }

  /** 5. The gRPC exception of a legacy error: no details, no trailer. */
  @Benchmark
  public StatusRuntimeException grpcLegacy() {
    return GrpcErrorRenderer.toStatusRuntimeException(legacy, ErrorRendering.DAPR);
  }

  /** 6. Creating the illegal-key exception through its factory, without rendering it. */
  @Benchmark
  public DaprException createIllegalKey() {
    return StateErrors.illegalKey(store, key);
  }

  /** 7a. A success body as long as the legacy error body. */
  @Benchmark
  public byte[] baselineLegacySize() {
    return successBody(legacySizeValue);
  }

  /** 7b. A success body as long as the rich error body. */
  @Benchmark
  public byte[] baselineRichSize() {
    return successBody(richSizeValue);
  }

  /** A small JSON success body, {@code {"key":...,"value":...}}, built the simple way. */
  private byte[] successBody(String value) {
    return new StringBuilder(32 + value.length()).append("{\"key\":\"").append(key).append("\",\"value\":\"")
        .append(value).append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** An ASCII value that makes {@link #successBody} exactly {@code length} bytes long. */
  private String filler(int length) {
    int overhead = successBody("").length;
    return "x".repeat(Math.max(0, length - overhead));
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
