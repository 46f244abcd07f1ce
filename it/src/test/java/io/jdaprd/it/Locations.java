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
        String[] homeAndMajor = run("bin/find-java", List.of("--with-major")).get(0).split(" ");
        List<String> command = new ArrayList<>();
        String java = Path.of(homeAndMajor[0], "bin", "java").toString();
        List<String> options = run("bin/jvm-options", List.of(homeAndMajor[1]));
        command.add(java);
        command.addAll(options);
        List<String> cacheArgs = new ArrayList<>(List.of(java, homeAndMajor[1], jar().toString()));
        cacheArgs.addAll(options);
        command.addAll(run("bin/class-cache", cacheArgs));
        javaCommand = List.copyOf(command);
      }
      return javaCommand;
    }
  }

  /**
   * The lines a script of {@code bin/} prints, trimmed, blank ones left out: {@code bin/jvm-options} (the launcher's
   * JVM flags) and {@code bin/class-cache} (the launcher's class-data cache, recorded once), so that the tests start
   * the sidecar as ./jdaprd does.
   */
  private static List<String> run(String script, List<String> args) {
    List<String> command = new ArrayList<>(List.of(root().resolve(script).toString()));
    command.addAll(args);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(script + " failed: " + out.trim());
      }
      return out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
