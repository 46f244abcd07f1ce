package io.jdaprd.core.bindings;

import io.jdaprd.spi.Component;
import io.jdaprd.spi.bindings.InputBinding;
import io.jdaprd.spi.bindings.OutputBinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The binding components of a sidecar, sorted as daprd sorts them: a component whose {@code direction} metadata is
 * set serves only the directions it names ({@code input}, {@code output}, comma-separated, any case); one without
 * serves every direction its type implements. An input binding's events go to its {@code route} metadata, or to its
 * name.
 *
 * @param outputs the output bindings by name
 * @param inputs the input bindings by name
 */
public record Bindings(Map<String, OutputBinding> outputs, Map<String, Input> inputs) {
  /** The metadata that restricts a binding's directions. */
  public static final String DIRECTION = "direction";
  /** The metadata that says where an HTTP app gets an input binding's events. */
  public static final String ROUTE = "route";

  /** No bindings. */
  public static final Bindings NONE = new Bindings(Map.of(), Map.of());

  public Bindings {
    outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
  }

  /**
   * An input binding.
   *
   * @param binding the component
   * @param route where an HTTP app gets its events
   * @param explicit whether its {@code direction} names {@code input} (then the app is not asked whether it takes it)
   */
  public record Input(InputBinding binding, String route, boolean explicit) {
  }

  /** Sorts {@code components} (name, instance, metadata) into outputs and inputs. */
  public static Bindings of(List<Entry> components) {
    Map<String, OutputBinding> outputs = new LinkedHashMap<>();
    Map<String, Input> inputs = new LinkedHashMap<>();
    for (Entry c : components) {
      String direction = metadataValue(c.metadata(), DIRECTION);
      if (c.instance() instanceof InputBinding in && serves(direction, "input")) {
        String route = c.metadata().get(ROUTE);
        inputs.put(c.name(), new Input(in, route == null ? c.name() : route, names(direction, "input")));
      }
      if (c.instance() instanceof OutputBinding out && serves(direction, "output")) {
        outputs.put(c.name(), out);
      }
    }
    return new Bindings(outputs, inputs);
  }

  /**
   * A loaded component.
   *
   * @param metadata its metadata as written ({@code route} is matched exactly, as daprd matches it)
   */
  public record Entry(String name, Component instance, Map<String, String> metadata) {
  }

  /** daprd's rule: no {@code direction} serves every direction; one serves those it names. */
  static boolean serves(String direction, String which) {
    return direction == null || names(direction, which);
  }

  static boolean names(String direction, String which) {
    if (direction == null) {
      return false;
    }
    for (String d : direction.split(",", -1)) {
      if (d.trim().toLowerCase(Locale.ROOT).equals(which)) {
        return true;
      }
    }
    return false;
  }

  private static String metadataValue(Map<String, String> metadata, String key) {
    String found = null;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().equalsIgnoreCase(key)) {
        found = e.getValue() == null ? "" : e.getValue();
      }
    }
    return found;
  }
}
