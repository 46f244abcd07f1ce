package io.jdaprd.core.runtime;

import io.jdaprd.core.bindings.BindingsBlock;
import io.jdaprd.core.component.InFlight;
import io.jdaprd.core.component.LiveComponents;
import io.jdaprd.core.component.LoadedComponent;
import io.jdaprd.core.lock.LockBlock;
import io.jdaprd.core.lock.LockKeys;
import io.jdaprd.core.pubsub.PubSubs;
import io.jdaprd.core.pubsub.TopicScopes;
import io.jdaprd.core.pubsub.delivery.Subscriptions;
import io.jdaprd.core.state.KeyPrefix;
import io.jdaprd.core.state.StateStores;
import io.jdaprd.spi.Component;
import io.jdaprd.spi.bindings.InputBinding;
import io.jdaprd.spi.bindings.OutputBinding;
import io.jdaprd.spi.configuration.ConfigurationStore;
import io.jdaprd.spi.crypto.KeyProvider;
import io.jdaprd.spi.lock.LockStore;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.secrets.SecretStore;
import io.jdaprd.spi.state.StateStore;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One kind of component hot reload can swap, and the block that serves it: how the reloader tells a definition and
 * an instance of the kind, puts an initialised one in (in the place of the one of its name), and takes one out. Put
 * and take-out answer the calls in flight on the instance they displaced, which the reloader waits for before it
 * closes that instance ({@code null}: nothing to wait for).
 */
interface ReloadKind {
  /** Whether a definition of {@code type} (as written, any case) is of this kind. */
  boolean definesType(String type);

  /** Whether the running {@code c} is served by this kind's block. */
  boolean holds(LoadedComponent c);

  /** Serves {@code c} in the place of the component of its name; the calls in flight on the one displaced. */
  InFlight put(LoadedComponent c);

  /** Takes component {@code name} out of the block; the calls in flight on it. */
  InFlight remove(String name);

  /** Runs before {@code name}'s instance of this kind is put in or taken out (a pub/sub stops its subscriptions). */
  default void before(String name) {
  }

  /**
   * Runs once {@code name} is in place (or gone) and listed in the components (a pub/sub starts its subscriptions,
   * middleware rebuilds the pipelines).
   */
  default void after(String name) {
  }

  /** A kind by type prefix and instance class, over a block's {@link LiveComponents}. */
  static <T, C extends Component> ReloadKind live(String prefix, Class<C> instances, LiveComponents<T> live,
      Function<LoadedComponent, T> wrap) {
    return new ReloadKind() {
      @Override
      public boolean definesType(String type) {
        return lower(type).startsWith(prefix);
      }

      @Override
      public boolean holds(LoadedComponent c) {
        return instances.isInstance(c.instance());
      }

      @Override
      public InFlight put(LoadedComponent c) {
        LiveComponents.Entry<T> old = live.put(c.name(), wrap.apply(c));
        return old == null ? null : old.inFlight();
      }

      @Override
      public InFlight remove(String name) {
        LiveComponents.Entry<T> old = live.remove(name);
        return old == null ? null : old.inFlight();
      }
    };
  }

  static ReloadKind secretStores(LiveComponents<SecretStore> live) {
    return live("secretstores.", SecretStore.class, live, c -> (SecretStore) c.instance());
  }

  static ReloadKind configurationStores(LiveComponents<ConfigurationStore> live) {
    return live("configuration.", ConfigurationStore.class, live, c -> (ConfigurationStore) c.instance());
  }

  static ReloadKind cryptoProviders(LiveComponents<KeyProvider> live) {
    return live("crypto.", KeyProvider.class, live, c -> (KeyProvider) c.instance());
  }

  static ReloadKind lockStores(LiveComponents<LockBlock.Store> live, String appId) {
    return live("lock.", LockStore.class, live, c -> new LockBlock.Store(c.name(), (LockStore) c.instance(),
        LockKeys.of(c.definition().metadata(), c.name(), appId)));
  }

  /** State stores but the actor state store (held by the actors, which are not reloaded). */
  static ReloadKind stateStores(StateStores stores, String appId, String namespace) {
    return new ReloadKind() {
      @Override
      public boolean definesType(String type) {
        return lower(type).startsWith("state.");
      }

      @Override
      public boolean holds(LoadedComponent c) {
        return c.instance() instanceof StateStore;
      }

      @Override
      public InFlight put(LoadedComponent c) {
        StateStores.Store old = stores.put(new StateStores.Store(c.name(), (StateStore) c.instance(),
            KeyPrefix.of(c.definition().metadata().get("keyPrefix"), c.name(), appId, namespace)));
        return old == null ? null : old.inFlight();
      }

      @Override
      public InFlight remove(String name) {
        StateStores.Store old = stores.remove(name);
        return old == null ? null : old.inFlight();
      }
    };
  }

  /** Pub/sub components; their subscriptions stop before a swap and start again on the successor. */
  static ReloadKind pubsubs(PubSubs pubsubs, Subscriptions subscriptions, String appId) {
    return new ReloadKind() {
      @Override
      public boolean definesType(String type) {
        return lower(type).startsWith("pubsub.");
      }

      @Override
      public boolean holds(LoadedComponent c) {
        return c.instance() instanceof PubSub;
      }

      @Override
      public InFlight put(LoadedComponent c) {
        PubSubs.Entry old = pubsubs.put(new PubSubs.Entry(c.name(), (PubSub) c.instance(),
            TopicScopes.of(c.definition().metadata(), appId), c.definition().metadata()));
        return old == null ? null : old.inFlight();
      }

      @Override
      public InFlight remove(String name) {
        PubSubs.Entry old = pubsubs.remove(name);
        return old == null ? null : old.inFlight();
      }

      @Override
      public void before(String name) {
        subscriptions.stopPubSub(name);
      }

      @Override
      public void after(String name) {
        if (pubsubs.find(name).isPresent()) {
          subscriptions.startPubSub(name);
        }
      }
    };
  }

  /** Input and output bindings; an input binding stops being read when it goes and is read when it comes. */
  static ReloadKind bindings(BindingsBlock block) {
    return new ReloadKind() {
      @Override
      public boolean definesType(String type) {
        return lower(type).startsWith("bindings.");
      }

      @Override
      public boolean holds(LoadedComponent c) {
        return c.instance() instanceof InputBinding || c.instance() instanceof OutputBinding;
      }

      @Override
      public InFlight put(LoadedComponent c) {
        return block.put(c.name(), c.instance(), c.definition().metadata());
      }

      @Override
      public InFlight remove(String name) {
        return block.remove(name);
      }
    };
  }

  /**
   * HTTP middleware: served by the pipelines, which the server builds from the loaded components ({@code rebuild},
   * run once a middleware is in place or gone); a request running in the old chain is not waited for.
   */
  static ReloadKind middleware(Runnable rebuild) {
    return new ReloadKind() {
      @Override
      public boolean definesType(String type) {
        return lower(type).startsWith("middleware.http.");
      }

      @Override
      public boolean holds(LoadedComponent c) {
        return definesType(c.definition().type());
      }

      @Override
      public InFlight put(LoadedComponent c) {
        return null;
      }

      @Override
      public InFlight remove(String name) {
        return null;
      }

      @Override
      public void after(String name) {
        rebuild.run();
      }
    };
  }

  /** The kinds of {@code kinds} that hold {@code c}. */
  static List<ReloadKind> holding(List<ReloadKind> kinds, LoadedComponent c) {
    return c == null ? List.of() : kinds.stream().filter(k -> k.holds(c)).toList();
  }

  private static String lower(String type) {
    return type.toLowerCase(Locale.ROOT);
  }
}
