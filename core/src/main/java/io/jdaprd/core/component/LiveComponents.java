package io.jdaprd.core.component;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The components of one kind a block serves, by name, each with the calls in flight on it; hot reload adds, replaces
 * and removes them while requests run ({@link #put}, {@link #remove}). A lookup is one volatile read of the set of
 * now. A call {@link #acquire}s its component, uses it, and {@link InFlight#exit()}s it; the reloader closes a
 * component it took out once those calls have finished ({@link InFlight#closeWhenIdle}).
 *
 * @param <T> the component interface (a secret store, a lock store, ...)
 */
public final class LiveComponents<T> {
  /** One component and the calls in flight on it. */
  public record Entry<T>(String name, T component, InFlight inFlight) {
  }

  private volatile Map<String, Entry<T>> entries;

  /** The components of {@code components}, by name, in their order. */
  public LiveComponents(Map<String, ? extends T> components) {
    Map<String, Entry<T>> m = new LinkedHashMap<>();
    components.forEach((name, c) -> m.put(name, new Entry<>(name, c, new InFlight())));
    this.entries = Collections.unmodifiableMap(m);
  }

  /** Whether there is no component at all (the blocks' "not configured"). */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The names of the components of now, in load order. */
  public java.util.Set<String> names() {
    return entries.keySet();
  }

  /** The component named {@code name} now, {@code null} when there is none. */
  public T find(String name) {
    Entry<T> e = entries.get(name);
    return e == null ? null : e.component();
  }

  /**
   * The component named {@code name}, counted in flight (the caller {@link InFlight#exit()}s it when done), or
   * {@code null} when there is none. A component being closed by hot reload is looked up again: a replaced one
   * yields its successor, a removed one {@code null}, as if it had never been configured.
   */
  public Entry<T> acquire(String name) {
    Entry<T> seen = null;
    while (true) {
      Entry<T> e = entries.get(name);
      if (e == null || e == seen) {
        return null;
      }
      if (e.inFlight().enter()) {
        return e;
      }
      seen = e;
      Thread.onSpinWait();
    }
  }

  /** Adds {@code component} as {@code name}, or replaces the one of that name; returns the replaced entry or null. */
  public synchronized Entry<T> put(String name, T component) {
    Map<String, Entry<T>> next = new LinkedHashMap<>(entries);
    Entry<T> old = next.put(name, new Entry<>(name, component, new InFlight()));
    entries = Collections.unmodifiableMap(next);
    return old;
  }

  /** Removes the component named {@code name}; returns its entry, {@code null} when there was none. */
  public synchronized Entry<T> remove(String name) {
    if (!entries.containsKey(name)) {
      return null;
    }
    Map<String, Entry<T>> next = new LinkedHashMap<>(entries);
    Entry<T> old = next.remove(name);
    entries = Collections.unmodifiableMap(next);
    return old;
  }
}
