package io.esc4j;

import io.esc4j.internal.eval.Evaluation;
import io.esc4j.internal.eval.Session;
import io.esc4j.spi.Decrypter;
import io.esc4j.spi.EnvironmentStore;
import io.esc4j.spi.Provider;
import io.esc4j.spi.Rotator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The entry point: opens ESC environments.
 *
 * <pre>{@code
 * OpenEnvironment env = Environment.open("myapp/dev");   // ./environments/myapp/dev.yaml
 * String url = env.getString("db.url");
 * }</pre>
 *
 * <p>{@link #open(String)} covers the common case: the directory store {@code ./environments}
 * (or the directory named by the {@code ESC_ENVIRONMENTS_DIR} environment variable), providers
 * found with {@link ServiceLoader}, no decryption key. {@link #builder()} configures everything.
 * Opening evaluates the document: imports are merged, references resolved, builtins applied and
 * providers run (concurrently, each call site once).
 */
public final class Environment {
  /** The environment variable naming the default store directory. */
  public static final String DIR_VARIABLE = "ESC_ENVIRONMENTS_DIR";

  private Environment() {}

  /**
   * Opens an environment from the default store with the default settings.
   *
   * @param name the environment name, e.g. {@code myapp/dev}
   * @return the opened environment
   * @throws EnvironmentException when the environment is missing or has errors
   */
  public static OpenEnvironment open(String name) {
    return builder().open(name);
  }

  /**
   * Starts configuring how environments are opened.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default store: {@code $ESC_ENVIRONMENTS_DIR} or {@code ./environments}.
   *
   * @return the store
   */
  public static EnvironmentStore defaultStore() {
    String dir = System.getenv(DIR_VARIABLE);
    return EnvironmentStore.directory(Path.of(dir != null && !dir.isBlank() ? dir : "environments"));
  }

  /**
   * Evaluates an environment for {@link Builder#open} and {@link OpenEnvironment#reopen()}. A
   * document can nest deeper than the thread's stack allows (a chain of thousands of references
   * within the size limits); that ends in an {@link EnvironmentException} like any other problem
   * of the document, not in a {@link StackOverflowError}.
   */
  static Evaluation.Opened evaluate(String name, Session session) {
    try {
      return Evaluation.open(name, session);
    } catch (StackOverflowError e) {
      Diagnostic d = tooDeep(name);
      throw new EnvironmentException(name, List.of(d), render(d));
    }
  }

  private static Diagnostic tooDeep(String name) {
    return new Diagnostic(Diagnostic.Severity.ERROR, name, SourcePos.NONE, SourcePos.NONE,
        "the environment nests too deeply to evaluate: a chain of references, imports or builtin"
            + " calls is longer than the evaluating thread's stack allows",
        "",
        "shorten the chain (a: ${b}, b: ${c}, ...), or open the environment on a thread with a"
            + " larger stack (-Xss)");
  }

  private static String render(Diagnostic d) {
    return d.headline() + "\n  fix: " + d.fix();
  }

  /**
   * Configures and opens environments. Not thread-safe; what it opens is. Each setter may be
   * called once.
   */
  public static final class Builder {
    private EnvironmentStore store;
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final Map<String, Rotator> rotators = new LinkedHashMap<>();
    private final Map<Class<?>, Object> services = new LinkedHashMap<>();
    private Decrypter decrypter;
    private EvalContext context = EvalContext.empty();
    private EvalLimits limits = EvalLimits.defaults();
    private boolean serviceLoader = true;

    private Builder() {}

    /**
     * Sets where documents come from.
     *
     * @param environmentStore the store
     * @return this builder
     */
    public Builder store(EnvironmentStore environmentStore) {
      Objects.requireNonNull(environmentStore, "environmentStore");
      if (store != null) {
        throw new IllegalStateException("store was already set to " + store.description());
      }
      this.store = environmentStore;
      return this;
    }

    /**
     * Registers a provider. Explicit providers win over those found by {@link ServiceLoader}.
     *
     * @param provider the provider
     * @return this builder
     * @throws IllegalStateException when a provider of that name is already registered
     */
    public Builder provider(Provider provider) {
      Objects.requireNonNull(provider, "provider");
      if (providers.putIfAbsent(provider.name(), provider) != null) {
        throw new IllegalStateException("provider \"" + provider.name() + "\" was already registered");
      }
      return this;
    }

    /**
     * Registers a rotator.
     *
     * @param rotator the rotator
     * @return this builder
     */
    public Builder rotator(Rotator rotator) {
      Objects.requireNonNull(rotator, "rotator");
      if (rotators.putIfAbsent(rotator.name(), rotator) != null) {
        throw new IllegalStateException("rotator \"" + rotator.name() + "\" was already registered");
      }
      return this;
    }

    /**
     * Turns off {@link ServiceLoader} discovery: only explicitly registered providers are used.
     *
     * @return this builder
     */
    public Builder noProviderDiscovery() {
      this.serviceLoader = false;
      return this;
    }

    /**
     * Registers a shared service that providers can look up by type (see {@link
     * io.esc4j.spi.ProviderContext#service(Class)}).
     *
     * @param type the service type
     * @param service the service
     * @param <T> the service type
     * @return this builder
     */
    public <T> Builder service(Class<T> type, T service) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(service, "service");
      if (services.putIfAbsent(type, service) != null) {
        throw new IllegalStateException("service " + type.getName() + " was already registered");
      }
      return this;
    }

    /**
     * Sets the decrypter for {@code fn::secret: {ciphertext: ...}} values.
     *
     * @param d the decrypter
     * @return this builder
     */
    public Builder decrypter(Decrypter d) {
      Objects.requireNonNull(d, "decrypter");
      if (decrypter != null) {
        throw new IllegalStateException("decrypter was already set");
      }
      this.decrypter = d;
      return this;
    }

    /**
     * Sets who opens (organization, user, extra context values).
     *
     * @param evalContext the context
     * @return this builder
     */
    public Builder context(EvalContext evalContext) {
      this.context = Objects.requireNonNull(evalContext, "evalContext");
      return this;
    }

    /**
     * Sets resource limits.
     *
     * @param evalLimits the limits
     * @return this builder
     */
    public Builder limits(EvalLimits evalLimits) {
      this.limits = Objects.requireNonNull(evalLimits, "evalLimits");
      return this;
    }

    /**
     * Opens an environment: evaluates it, running its providers.
     *
     * @param name the environment name
     * @return the opened environment
     * @throws EnvironmentException when the environment is missing or has errors
     */
    public OpenEnvironment open(String name) {
      Objects.requireNonNull(name, "name");
      Session session = session();
      return OpenEnvironment.from(name, session, evaluate(name, session));
    }

    /**
     * Checks an environment statically: imports, references and builtins are evaluated, but no
     * provider is called and ciphertext is not decrypted. Never throws for problems in the
     * documents; they are in the result.
     *
     * @param name the environment name
     * @return the diagnostics and the values as far as they are known
     */
    public CheckResult check(String name) {
      Objects.requireNonNull(name, "name");
      try {
        return Evaluation.check(name, session());
      } catch (StackOverflowError e) {
        Diagnostic d = tooDeep(name);
        return new CheckResult(name, List.of(d), Optional.empty(), render(d));
      }
    }

    private Session session() {
      // found with ServiceLoader at the first call of a provider, not before (Session.lazy)
      Map<String, Provider> explicit = Map.copyOf(providers);
      Map<String, Rotator> explicitRotators = Map.copyOf(rotators);
      // the caller's context class loader, as ServiceLoader.load(type) would use when called here
      ClassLoader loader = serviceLoader ? Thread.currentThread().getContextClassLoader() : null;
      boolean discover = serviceLoader;
      Map<String, Provider> all =
          Session.lazy(() -> discovered(discover, loader, Provider.class, Provider::name, explicit));
      Map<String, Rotator> allRotators =
          Session.lazy(() -> discovered(discover, loader, Rotator.class, Rotator::name, explicitRotators));
      return new Session(
          store != null ? store : defaultStore(),
          all,
          allRotators,
          decrypter != null ? decrypter : Decrypter.none(),
          context,
          limits,
          services);
    }

    /** The implementations of {@code type} found with ServiceLoader (when on), then {@code explicit}. */
    private static <T> Map<String, T> discovered(boolean discover, ClassLoader loader, Class<T> type,
        java.util.function.Function<T, String> name, Map<String, T> explicit) {
      Map<String, T> all = new LinkedHashMap<>();
      if (discover) {
        for (T t : ServiceLoader.load(type, loader)) {
          all.putIfAbsent(name.apply(t), t);
        }
      }
      all.putAll(explicit);
      return all;
    }
  }
}
