package io.esc4j.internal.eval;

import io.esc4j.EvalContext;
import io.esc4j.EvalLimits;
import io.esc4j.spi.Decrypter;
import io.esc4j.spi.EnvironmentStore;
import io.esc4j.spi.Provider;
import io.esc4j.spi.Rotator;
import java.util.Map;

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
  /** Copies the maps. */
  public Session {
    providers = Map.copyOf(providers);
    rotators = Map.copyOf(rotators);
    services = Map.copyOf(services);
  }
}
