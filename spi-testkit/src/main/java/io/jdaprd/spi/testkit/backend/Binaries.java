package io.jdaprd.spi.testkit.backend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The programs the tests need, from the one list that {@code .ci/run} also reads
 * ({@code io/jdaprd/spi/testkit/backend/binaries.txt}): each has a name, the Debian package that brings it and the
 * place the tests look for it.
 */
public final class Binaries {
  private static final String LIST = "binaries.txt";
  private static final Map<String, Entry> ENTRIES = read();

  /** One line of the list. */
  private record Entry(String name, String debianPackage, String location) {
  }

  private Binaries() {
  }

  /**
   * The program {@code name} of the list; when it is missing, {@link Ci#skipOrFail skips or fails} the calling test
   * with a message naming {@code neededBy} (e.g. "the Redis component tests") and the package to install.
   */
  public static Path require(String name, String neededBy) {
    Optional<Path> found = find(name);
    if (found.isEmpty()) {
      Ci.skipOrFail(missing(name, neededBy));
    }
    return found.orElseThrow();
  }

  /** The first executable match of {@code name}'s location, if any. */
  public static Optional<Path> find(String name) {
    return candidates(name).stream().filter(Files::isExecutable).findFirst();
  }

  /**
   * Every existing match of {@code name}'s location, best first: for an absolute location each {@code *} expanded in
   * descending order (numbers as numbers), for a bare name each directory of the {@code PATH} in order.
   */
  public static List<Path> candidates(String name) {
    String location = entry(name).location();
    if (!location.contains("/")) {
      List<Path> onPath = new ArrayList<>();
      for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
        if (!dir.isEmpty() && Files.exists(Path.of(dir, location))) {
          onPath.add(Path.of(dir, location));
        }
      }
      return onPath;
    }
    List<Path> matches = List.of(Path.of("/"));
    for (String segment : location.substring(1).split("/")) {
      List<Path> next = new ArrayList<>();
      for (Path parent : matches) {
        next.addAll(expand(parent, segment));
      }
      matches = next;
    }
    return matches;
  }

  /** Why the tests of {@code neededBy} cannot run without {@code name}. */
  public static String missing(String name, String neededBy) {
    Entry entry = entry(name);
    return name + " is missing (looked for " + (entry.location().contains("/") ? entry.location()
        : "it on the PATH") + "): " + neededBy + " need it (Debian: apt-get install " + entry.debianPackage() + ")";
  }

  private static List<Path> expand(Path parent, String segment) {
    if (!segment.contains("*")) {
      Path child = parent.resolve(segment);
      return Files.exists(child) ? List.of(child) : List.of();
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent, segment)) {
      stream.forEach(children::add);
    } catch (IOException e) {
      return List.of();
    }
    children.sort(Comparator.comparing((Path p) -> p.getFileName().toString(), Binaries::compareNames).reversed());
    return children;
  }

  private static int compareNames(String a, String b) {
    if (a.matches("\\d{1,9}") && b.matches("\\d{1,9}")) {
      return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
    }
    return a.compareTo(b);
  }

  private static Entry entry(String name) {
    Entry entry = ENTRIES.get(name);
    if (entry == null) {
      throw new IllegalArgumentException(name + " is not in " + LIST + ": add it there, for the tests and .ci/run");
    }
    return entry;
  }

  private static Map<String, Entry> read() {
    Map<String, Entry> entries = new LinkedHashMap<>();
    try (InputStream in = Binaries.class.getResourceAsStream(LIST)) {
      if (in == null) {
        throw new IllegalStateException(LIST + " is not on the class path next to " + Binaries.class.getName());
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] fields = trimmed.split("\\s+");
        if (fields.length != 3) {
          throw new IllegalStateException(LIST + ": not 'name package location': " + line);
        }
        entries.put(fields[0], new Entry(fields[0], fields[1], fields[2]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(entries);
  }
}
