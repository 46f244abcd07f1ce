package io.jdaprd.appchannel;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SplitHttpResponse;
import com.linecorp.armeria.common.stream.StreamMessage;
import io.jdaprd.core.invoke.AppInvoker.AppCallFailure;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeHeaders;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.invoke.InvokeStatus;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.EventExecutor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Service invocation of an HTTP app, as daprd's HTTP channel: {@code VERB /<method>?<query>} with the caller's
 * headers (daprd's filter), the message's content type and the app token; both bodies stream with back-pressure.
 * No response timeout (daprd sets none without a resiliency policy).
 */
final class HttpInvocations {
  /** Reads request bodies for the event loop: a virtual thread per body, no pool of platform threads. */
  private static final java.util.concurrent.ExecutorService READERS =
      java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
  /** Bytes per read of a streamed body. */
  private static final int CHUNK = 64 * 1024;

  private final WebClient client;
  private final AppChannelSettings settings;
  private final CallLimit limit;

  HttpInvocations(WebClient client, AppChannelSettings settings, CallLimit limit) {
    this.client = client;
    this.settings = settings;
    this.limit = limit;
  }

  InvokeResponse invoke(InvokeRequest request) throws AppCallFailure {
    String verb = request.verb().isEmpty() || request.verb().equals("NONE") ? "POST" : request.verb();
    String pathAndQuery = pathAndQuery(request.method(), request.query());
    RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.tryParse(verb) == null ? HttpMethod.POST
        : HttpMethod.valueOf(verb), pathAndQuery);
    InvokeHeaders.toHttp(request.metadata(), (k, v) -> {
      if (!k.isEmpty() && !k.startsWith(":") && !k.equalsIgnoreCase("host")) {
        headers.add(AsciiString.of(k), v);
      }
    });
    if (!request.contentType().isEmpty()) {
      headers.set("content-type", request.contentType());
    }
    if (request.body().length() >= 0) {
      headers.contentLength(request.body().length());
    }
    if (settings.hasToken()) {
      headers.set(HttpAppChannel.API_TOKEN_HEADER, settings.appApiToken());
    }
    String url = (settings.tls() ? "https://" : "http://") + settings.address() + ":" + settings.port()
        + pathAndQuery;
    HttpRequest httpRequest;
    long length = request.body().length();
    if (length == 0) {
      httpRequest = HttpRequest.of(headers.build());
    } else if (request.body().stream() instanceof ByteArrayInputStream inMemory) {
      // A body already in memory (an actor call, a reminder or timer tick, a binding): written with its headers,
      // without a reader task or a second write for the data.
      httpRequest = HttpRequest.of(headers.build(), HttpData.wrap(inMemory.readAllBytes()));
    } else if (length > 0 && length <= CHUNK) {
      httpRequest = HttpRequest.of(headers.build(), HttpData.wrap(readShort(request.body(), verb, url)));
    } else {
      httpRequest = HttpRequest.of(headers.build(), StreamMessage.builder(request.body().stream())
          .executor(READERS).bufferSize(CHUNK).build());
    }
    try {
      limit.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AppCallFailure("context canceled", e);
    }
    boolean released = false;
    try {
      OwnedResponse sent = OwnedResponse.execute(client, httpRequest);
      SplitHttpResponse split = sent.response().split();
      // A short answer of known length is gathered as it arrives, on the connection's event loop (the one its
      // headers complete on): this thread wakes once for it, instead of once per piece read and again to release it.
      Answer answer = split.headers().thenCompose(h -> isShort(h, verb)
          ? gather(split.body(), sent.owner()).thenApply(whole -> new Answer(h, whole))
          : CompletableFuture.completedFuture(new Answer(h, null))).get();
      ResponseHeaders responseHeaders = answer.headers();
      StreamMessage<HttpData> body = split.body();
      body.whenComplete().handle((ok, failure) -> {
        limit.release();
        return null;
      });
      released = true;
      InvokeBody answerBody;
      if (answer.whole() != null) {
        answerBody = InvokeBody.of(answer.whole());
      } else {
        long answered = responseHeaders.contentLength();
        // Released on the connection's event loop, whichever thread closes it (see InvokeBody.closedOn).
        answerBody = InvokeBody.closedOn(sent.owner(), body.toInputStream(Function.identity()),
            answered < 0 ? -1 : answered);
      }
      return new InvokeResponse(InvokeStatus.http(responseHeaders.status().code()), headerMap(responseHeaders),
          Map.of(), responseHeaders.get("content-type", ""), answerBody);
    } catch (ExecutionException e) {
      throw new AppCallFailure(goUrlError(verb, url, e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      httpRequest.abort();
      throw new AppCallFailure("context canceled", e);
    } finally {
      if (!released) {
        limit.release();
      }
    }
  }

  /** An app's answer: its headers and, for a short one, its whole body ({@code null} when it streams). */
  private record Answer(ResponseHeaders headers, byte[] whole) {
  }

  /** Whether the answer has no body or a known length of at most {@link #CHUNK}: gathered whole, not streamed. */
  private static boolean isShort(ResponseHeaders headers, String verb) {
    int status = headers.status().code();
    long length = headers.contentLength();
    return length >= 0 && length <= CHUNK || status == 204 || status == 304 || verb.equals("HEAD");
  }

  /**
   * The whole of a short body, delivered on {@code owner} when it is the connection's event loop: without an
   * executor Armeria delivers on the current request context's loop, and with none on any loop of its worker group.
   */
  private static CompletableFuture<byte[]> gather(StreamMessage<HttpData> body, Executor owner) {
    CompletableFuture<List<HttpData>> pieces = owner instanceof EventExecutor loop ? body.collect(loop)
        : body.collect();
    return pieces.thenApply(HttpInvocations::join);
  }

  private static byte[] join(List<HttpData> pieces) {
    if (pieces.size() == 1) {
      return pieces.get(0).array();
    }
    int size = 0;
    for (HttpData piece : pieces) {
      size += piece.length();
    }
    byte[] whole = new byte[size];
    int at = 0;
    for (HttpData piece : pieces) {
      System.arraycopy(piece.array(), 0, whole, at, piece.length());
      at += piece.length();
    }
    return whole;
  }

  /**
   * A short body of known length, read to its end before the call so that it goes out with its headers and has ended
   * before the app can answer: a streamed request body whose end the HTTP/1.1 client sees only after the app's answer
   * makes it close the connection (the next call then opens a new one).
   *
   * @throws AppCallFailure when the body fails or its length is not the announced one, as Go's client reports it
   */
  private byte[] readShort(InvokeBody body, String verb, String url) throws AppCallFailure {
    InputStream in = body.stream();
    try {
      byte[] data = in.readNBytes((int) body.length());
      long extra = data.length < body.length() ? 0 : in.transferTo(OutputStream.nullOutputStream());
      if (data.length + extra != body.length()) {
        throw new AppCallFailure(goUrlError(verb, url, new IOException("http: ContentLength=" + body.length()
            + " with Body length " + (data.length + extra))), null);
      }
      return data;
    } catch (IOException e) {
      throw new AppCallFailure(goUrlError(verb, url, e), e);
    }
  }

  /** {@code /<method>} with characters a path cannot hold escaped, then {@code ?<query>}. */
  static String pathAndQuery(String method, String query) {
    StringBuilder out = new StringBuilder("/");
    String m = method.startsWith("/") ? method.substring(1) : method;
    for (byte b : m.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~!$&'()*+,;=:@/%".indexOf(c) >= 0;
      if (keep) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    if (!query.isEmpty()) {
      out.append('?').append(query);
    }
    return out.toString();
  }

  /** The response headers keyed by Go's canonical names, pseudo-headers left out. */
  static Map<String, List<String>> headerMap(ResponseHeaders headers) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      String key = name.toString();
      if (!key.startsWith(":")) {
        out.computeIfAbsent(InvokeHeaders.canonical(key), k -> new ArrayList<>()).add(value);
      }
    });
    return out;
  }

  /** A failure as Go's HTTP client prints it: {@code Post "http://...": dial tcp ...: connect: connection refused}. */
  private String goUrlError(String verb, String url, Throwable failure) {
    return GoUrlErrors.urlError(verb, url, settings.address() + ":" + settings.port(), failure);
  }
}
