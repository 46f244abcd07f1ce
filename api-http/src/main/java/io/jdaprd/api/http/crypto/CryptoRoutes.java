package io.jdaprd.api.http.crypto;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.logging.RequestLogProperty;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.core.Transport;
import io.jdaprd.core.crypto.CryptoBlock;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import io.jdaprd.core.invoke.InvokeBody;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /v1.0-alpha1/crypto/{name}/encrypt|decrypt} (options in {@code dapr-*} headers, as daprd's
 * {@code onCryptoEncrypt} / {@code onCryptoDecrypt}) and {@code POST /v1.0-alpha1/subtlecrypto/...}.
 *
 * <p>daprd reads the whole answer before responding: the client gets either the whole result or an error (a
 * payload that fails midway, such as a segment that does not authenticate, is daprd's generic 500 {@code ERROR}),
 * and a client that sends its whole request before reading the response (most HTTP/1.1 clients) never blocks.
 * This route does the same with flat memory: an answer's first {@value #HOLD_BACK} bytes are held in memory, the
 * rest is spooled to a temporary file (deleted once sent) and sent, with its length, when the request has been
 * read to its end.
 */
public final class CryptoRoutes implements HttpRoutes {
  static final int HOLD_BACK = 1 << 20;
  private static final String PREFIX = "/v1.0-alpha1/crypto/";
  private static final MediaType OCTET_STREAM = MediaType.create("application", "octet-stream");
  private static final ExecutorService CALLS = Executors.newVirtualThreadPerTaskExecutor();
  private static final Logger LOG = LoggerFactory.getLogger(CryptoRoutes.class);

  private final CryptoBlock crypto;
  private final HttpCalls calls;

  /** The routes of the blocks' cryptography. */
  public CryptoRoutes(Blocks blocks, HttpCalls calls) {
    this.crypto = blocks.get(CryptoBlock.class);
    this.calls = calls;
  }

  @Override
  public void addTo(ServerBuilder sb) {
    sb.route().path("regex:^/v1\\.0-alpha1/crypto/[^/]*/(encrypt|decrypt)$").methods(HttpMethod.PUT)
        .maxRequestLength(0) // limited as a stream below, as daprd does
        .build(this::transform);
    sb.route().path("prefix:/v1.0-alpha1/subtlecrypto/").methods(HttpMethod.POST)
        .build((ctx, req) -> calls.call(ctx, req, agg -> {
          crypto.subtle();
          return HttpCalls.noContent();
        }));
  }

  private HttpResponse transform(ServiceRequestContext ctx, HttpRequest req) {
    ctx.clearRequestTimeout(); // a large payload takes its time, as in daprd
    String path = ctx.decodedPath();
    String rest = path.substring(PREFIX.length());
    int slash = rest.lastIndexOf('/');
    String component = rest.substring(0, slash);
    boolean encrypt = rest.substring(slash + 1).equals("encrypt");
    String acceptLanguage = req.headers().get("accept-language");
    // daprd limits the body as a stream (dapr/kit's LimitReadCloser): past --max-body-size the scheme reads
    // "stream too large", answered as its generic 500, not the body-read error of other routes.
    long limit = ctx.config().virtualHost().maxRequestLength();
    // Released on the request's event loop, whichever thread closes it (see InvokeBody.releasedOn).
    InputStream body = new LimitedInputStream(InvokeBody.releasedOn(ctx.eventLoop(),
        req.toInputStream(o -> o instanceof HttpData d ? d : HttpData.empty())), limit);
    return HttpResponse.of(CompletableFuture.supplyAsync(() -> {
      try {
        InputStream out;
        if (encrypt) {
          out = crypto.encrypt(Transport.HTTP, new CryptoBlock.EncryptRequest(component,
              header(req, "dapr-key-name"), header(req, "dapr-key-wrap-algorithm"),
              truthy(header(req, "dapr-omit-decryption-key-name")), header(req, "dapr-decryption-key-name"),
              header(req, "dapr-data-encryption-cipher")), body);
        } else {
          out = crypto.decrypt(component, header(req, "dapr-key-name"), body);
        }
        return respond(out, acceptLanguage);
      } catch (DaprException e) {
        closeAfterAnswer(ctx, body);
        return calls.error(e, acceptLanguage);
      } catch (RuntimeException e) {
        LOG.warn("unexpected failure on {} {}", req.method(), path, e);
        closeAfterAnswer(ctx, body);
        return calls.error(DaprException.from(e), acceptLanguage);
      }
    }, CALLS));
  }

  /**
   * Closes the unread request body once the error answer has been sent. Closing it first aborts the request, and an
   * aborted request whose answer is not written yet gets Armeria's own 500 page instead of daprd's error.
   */
  private static void closeAfterAnswer(ServiceRequestContext ctx, InputStream body) {
    ctx.log().whenAvailable(RequestLogProperty.RESPONSE_END_TIME).thenRun(() -> closeQuietly(body));
  }

  private HttpResponse respond(InputStream out, String acceptLanguage) {
    ByteArrayOutputStream head = new ByteArrayOutputStream(8192);
    byte[] chunk = new byte[64 * 1024];
    Path spool = null;
    try (out) {
      int r;
      while (head.size() < HOLD_BACK && (r = out.read(chunk)) > 0) {
        head.write(chunk, 0, r);
      }
      if (head.size() < HOLD_BACK) {
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, "content-type", OCTET_STREAM.toString()),
            HttpData.wrap(head.toByteArray()));
      }
      spool = Files.createTempFile("jdaprd-crypto-", ".part");
      try (OutputStream file = Files.newOutputStream(spool)) {
        while ((r = out.read(chunk)) >= 0) {
          file.write(chunk, 0, r);
        }
      }
    } catch (IOException e) {
      deleteQuietly(spool);
      return calls.error(DaprException.of(ErrorCode.ERROR, e.getMessage()), acceptLanguage);
    }
    Path file = spool;
    long length = head.size() + sizeOf(file); // before opening: DELETE_ON_CLOSE unlinks the file at once on Unix
    InputStream all;
    try {
      all = new SequenceInputStream(new ByteArrayInputStream(head.toByteArray()),
          Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE));
    } catch (IOException e) {
      deleteQuietly(file);
      return calls.error(DaprException.from(e), acceptLanguage);
    }
    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(OCTET_STREAM)
        .contentLength(length).build(),
        StreamMessage.builder(all).executor(CALLS).bufferSize(64 * 1024).build());
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temporary file; the system's cleaning removes it
      }
    }
  }

  private static String header(HttpRequest req, String name) {
    return req.headers().get(name, "");
  }

  /** dapr/kit's {@code IsTruthy}: {@code y}, {@code yes}, {@code true}, {@code t}, {@code on}, {@code 1}. */
  static boolean truthy(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "y", "yes", "true", "t", "on", "1" -> true;
      default -> false;
    };
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException ignored) {
      // nothing more to release
    }
  }
}
