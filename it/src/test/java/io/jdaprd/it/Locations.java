package io.jdaprd.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * Where things are: the repository root, the runnable jar and its version, the JDK that {@code bin/find-java} picks,
 * test resources and scratch directories.
 */
final class Locations {
  private static volatile List<String> javaCommand;

  private Locations() {
  }

  /** The repository root: {@code -Djdaprd.root} (set by the module's pom), else the parent of the working dir. */
  static Path root() {
    String configured = System.getProperty("jdaprd.root");
    Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
    return root.toAbsolutePath().normalize();
  }

  /** {@code it/target}, for logs and sidecar homes. */
  static Path targetDir() {
    return root().resolve("it").resolve("target");
  }

  /** A directory of this module's test resources, e.g. {@code components/inmemory}. */
  static Path testResource(String name) {
    try {
      URL url = Locations.class.getResource("/" + name);
      if (url == null) {
        throw new AssertionError("no test resource " + name);
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** A new empty directory under {@code it/target/tmp}. */
  static Path newDirectory(String prefix) {
    return newDirectory("tmp", prefix);
  }

  /** A new empty directory {@code it/target/<parent>/<prefix><random>}, unique even across concurrent builds. */
  static Path newDirectory(String parent, String prefix) {
    try {
      return Files.createTempDirectory(Files.createDirectories(targetDir().resolve(parent)), prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code server/target/jdaprd.jar}, which the reactor builds before this module. */
  static Path jar() {
    Path jar = root().resolve("server/target/jdaprd.jar");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.resolveSibling("lib"))) {
      throw new AssertionError("no runnable jar at " + jar + " (with lib/ next to it); build it with "
          + "`mvn -pl it -am verify` or `mvn -pl server -am install -DskipTests`");
    }
    return jar;
  }

  /** The jar's {@code Implementation-Version}: what the sidecar reports as its runtime version. */
  static String version() {
    try (JarFile jar = new JarFile(jar().toFile())) {
      return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code <JDK 21+>/bin/java} plus the options that JDK needs for Netty and protobuf. */
  static List<String> javaCommand() {
    List<String> cached = javaCommand;
    if (cached != null) {
      return cached;
    }
    synchronized (Locations.class) {
      if (javaCommand == null) {
        String[] homeAndMajor = findJava().trim().split(" ");
        List<String> command = new ArrayList<>();
        command.add(Path.of(homeAndMajor[0], "bin", "java").toString());
        command.addAll(jvmOptions(homeAndMajor[1]));
        javaCommand = List.copyOf(command);
      }
      return javaCommand;
    }
  }

  /** The launcher's JVM flags ({@code bin/jvm-options}), so that the tests run the sidecar as ./jdaprd does. */
  private static List<String> jvmOptions(String major) {
    Path script = root().resolve("bin/jvm-options");
    try {
      Process p = new ProcessBuilder(script.toString(), major).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(script + " failed: " + out.trim());
      }
      return out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String findJava() {
    Path script = root().resolve("bin/find-java");
    try {
      Process p = new ProcessBuilder(script.toString(), "--with-major").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(script + " found no JDK 21 or newer: " + out.trim());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
