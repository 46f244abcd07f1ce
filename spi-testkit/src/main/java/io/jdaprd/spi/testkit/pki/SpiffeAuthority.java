package io.jdaprd.spi.testkit.pki;

import io.jdaprd.spi.testkit.backend.Binaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A test certificate authority made with {@code openssl} (the test is skipped loudly without it, and fails on CI),
 * issuing X.509 SVIDs as Dapr's Sentry does: P-256 keys, the SPIFFE ID as the one URI SAN, no CA flag, server and
 * client authentication. A root ({@link #root}) can issue an intermediate ({@link #intermediate}), whose leaves'
 * chains then carry it, as Sentry's issuer does. Everything lives in a temporary directory that {@link #close}
 * removes, together with the directories of its intermediates.
 */
public final class SpiffeAuthority implements AutoCloseable {
  private static final String DAYS = "2";

  private final Path openssl;
  private final Path dir;
  private final String certificatePem;
  private final String intermediatesPem;
  private final List<SpiffeAuthority> children = new ArrayList<>();
  private int issued;

  private SpiffeAuthority(Path openssl, Path dir, String certificatePem, String intermediatesPem) {
    this.openssl = openssl;
    this.dir = dir;
    this.certificatePem = certificatePem;
    this.intermediatesPem = intermediatesPem;
  }

  /** An identity: a leaf certificate with the chain to send with it, and its private key, as PEM text. */
  public record Identity(String spiffeId, String certificatePem, String chainPem, String privateKeyPem) {
  }

  /** A new self-signed root CA whose subject is {@code O=<name>}. */
  public static SpiffeAuthority root(String name) {
    Path openssl = Binaries.require("openssl", "the mTLS tests");
    try {
      Path dir = Files.createTempDirectory("jdaprd-pki-");
      writeConfig(dir, name);
      run(openssl, dir, "req", "-x509", "-config", "ca.cnf", "-extensions", "ca", "-newkey", "ec", "-pkeyopt",
          "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", DAYS);
      return new SpiffeAuthority(openssl, dir, Files.readString(dir.resolve("ca.pem")), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new intermediate CA signed by this one, whose subject is {@code O=<name>}. */
  public SpiffeAuthority intermediate(String name) {
    try {
      Path child = Files.createTempDirectory("jdaprd-pki-");
      writeConfig(child, name);
      run(openssl, child, "req", "-new", "-config", "ca.cnf", "-newkey", "ec", "-pkeyopt",
          "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.csr");
      run(openssl, dir, "x509", "-req", "-in", child.resolve("ca.csr").toString(), "-CA", "ca.pem", "-CAkey",
          "ca.key", "-CAcreateserial", "-out", child.resolve("ca.pem").toString(), "-days", DAYS, "-extfile",
          child.resolve("ca.cnf").toString(), "-extensions", "ca");
      String pem = Files.readString(child.resolve("ca.pem"));
      SpiffeAuthority authority = new SpiffeAuthority(openssl, child, pem, pem + intermediatesPem);
      children.add(authority);
      return authority;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This CA's certificate (PEM): a root's are the trust anchors of its identities. */
  public String certificatePem() {
    return certificatePem;
  }

  /** A new leaf for {@code spiffeId} (for example {@code spiffe://public/ns/default/checkout}). */
  public Identity issue(String spiffeId) {
    return issue(List.of(spiffeId));
  }

  /**
   * A new leaf whose URI SANs are {@code uris} (none, or several, for the negative cases); its {@code spiffeId} is
   * the first.
   */
  public Identity issue(List<String> uris) {
    String name = "leaf" + (++issued);
    try {
      Files.writeString(dir.resolve(name + ".cnf"), """
          [req]
          distinguished_name = dn
          prompt = no
          [dn]
          O = jdaprd test leaf
          """);
      StringBuilder ext = new StringBuilder("basicConstraints = critical,CA:FALSE\n"
          + "keyUsage = critical,digitalSignature,keyEncipherment\n"
          + "extendedKeyUsage = serverAuth,clientAuth\n");
      if (!uris.isEmpty()) {
        ext.append("subjectAltName = critical,").append(String.join(",", uris.stream().map(u -> "URI:" + u)
            .toList())).append('\n');
      }
      Files.writeString(dir.resolve(name + ".ext"), ext);
      run(openssl, dir, "req", "-new", "-config", name + ".cnf", "-newkey", "ec", "-pkeyopt",
          "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key", "-out", name + ".csr");
      run(openssl, dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
          "-CAcreateserial", "-out", name + ".pem", "-days", DAYS, "-extfile", name + ".ext");
      String leaf = Files.readString(dir.resolve(name + ".pem"));
      return new Identity(uris.isEmpty() ? null : uris.get(0), leaf, leaf + intermediatesPem,
          Files.readString(dir.resolve(name + ".key")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeConfig(Path dir, String name) throws IOException {
    Files.writeString(dir.resolve("ca.cnf"), """
        [req]
        distinguished_name = dn
        prompt = no
        [dn]
        O = %s
        [ca]
        basicConstraints = critical,CA:TRUE
        keyUsage = critical,keyCertSign,cRLSign,digitalSignature
        subjectKeyIdentifier = hash
        """.formatted(name));
  }

  private static void run(Path openssl, Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(openssl.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Removes this CA's files and its intermediates'. */
  @Override
  public void close() {
    children.forEach(SpiffeAuthority::close);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
