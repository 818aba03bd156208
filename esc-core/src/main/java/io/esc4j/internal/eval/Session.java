package io.esc4j.internal.eval;

import io.esc4j.EvalContext;
import io.esc4j.EvalLimits;
import io.esc4j.spi.Decrypter;
import io.esc4j.spi.EnvironmentStore;
import io.esc4j.spi.Provider;
import io.esc4j.spi.Rotator;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything one evaluation needs besides the root's name: where documents come from, the
 * providers, keys, context and limits. Immutable; built by {@code Environment.Builder}.
 *
 * @param store the environment store
 * @param providers providers by name
 * @param rotators rotators by name
 * @param decrypter the decrypter for ciphertext secrets
 * @param context the execution context
 * @param limits resource limits
 * @param services shared services by type
 */
public record Session(
    EnvironmentStore store,
    Map<String, Provider> providers,
    Map<String, Rotator> rotators,
    Decrypter decrypter,
    EvalContext context,
    EvalLimits limits,
    Map<Class<?>, Object> services) {
  /** Copies the maps (a {@link #lazy} map stays lazy). */
  public Session {
    providers = providers instanceof Lazy ? providers : Map.copyOf(providers);
    rotators = rotators instanceof Lazy ? rotators : Map.copyOf(rotators);
    services = Map.copyOf(services);
  }

  /**
   * An unmodifiable map computed at its first use, once: providers found with {@code
   * ServiceLoader} are instantiated only when a document calls one (instantiating esc-aws's loads
   * the AWS SDK's classes, a cold open of a local environment does not need them).
   *
   * @param <V> the value type
   * @param compute computes the map; called at most once
   * @return the map
   */
  public static <V> Map<String, V> lazy(Supplier<Map<String, V>> compute) {
    return new Lazy<>(compute);
  }

  private static final class Lazy<V> extends AbstractMap<String, V> {
    private Supplier<Map<String, V>> compute;
    private volatile Map<String, V> map;

    Lazy(Supplier<Map<String, V>> compute) {
      this.compute = compute;
    }

    private Map<String, V> map() {
      Map<String, V> m = map;
      if (m == null) {
        synchronized (this) {
          m = map;
          if (m == null) {
            m = Map.copyOf(compute.get());
            map = m;
            compute = null;
          }
        }
      }
      return m;
    }

    @Override
    public V get(Object key) {
      return map().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return map().containsKey(key);
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
      return map().entrySet();
    }
  }
}
