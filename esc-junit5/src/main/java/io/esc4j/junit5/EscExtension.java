package io.esc4j.junit5;

import io.esc4j.Environment;
import io.esc4j.EvalContext;
import io.esc4j.OpenEnvironment;
import io.esc4j.Secret;
import io.esc4j.spi.EnvironmentStore;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link EscEnvironment}, {@link EscValue} and {@link LocalAws}. The
 * annotations register it; {@code @ExtendWith(EscExtension.class)} works too.
 *
 * <p>Resolves parameters of type {@link OpenEnvironment}, parameters annotated with {@link
 * EscValue}, and (with {@link LocalAws}) parameters of type {@code
 * io.esc4j.testkit.LocalAwsServer}. Opened environments live in the JUnit store of the test (or of
 * the class, for {@code @BeforeAll} methods) and are closed when it ends.
 */
public final class EscExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EscExtension.class);
  static final String SERVER_TYPE = "io.esc4j.testkit.LocalAwsServer";
  static final String LOCAL_AWS_KEY = "local-aws";

  /** Creates the extension (JUnit does, through the annotations). */
  public EscExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    Optional<LocalAws> local = localAws(context);
    if (local.isPresent() && context.getStore(NAMESPACE).get(LOCAL_AWS_KEY) == null) {
      LocalAws ann = local.get();
      context.getStore(NAMESPACE).getOrComputeIfAbsent(LOCAL_AWS_KEY, k -> LocalAwsSupport.start(ann));
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
    Parameter p = pc.getParameter();
    if (pc.isAnnotated(EscValue.class)) {
      return true;
    }
    if (p.getType() == OpenEnvironment.class) {
      return true;
    }
    return p.getType().getName().equals(SERVER_TYPE) && localAws(ec).isPresent();
  }

  @Override
  public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
    Parameter p = pc.getParameter();
    if (p.getType().getName().equals(SERVER_TYPE)) {
      return LocalAwsSupport.server(localAwsState(ec, p));
    }
    EscEnvironment ann = environmentAnnotation(pc.getDeclaringExecutable(), ec).orElseThrow(() ->
        new ParameterResolutionException("parameter \"" + p.getName() + "\" of " + pc.getDeclaringExecutable()
            + " needs an environment: annotate the test class or method with @EscEnvironment(\"<name>\")"));
    OpenEnvironment env = environment(ann, ec);
    if (!pc.isAnnotated(EscValue.class)) {
      return env;
    }
    String path = pc.findAnnotation(EscValue.class).orElseThrow().value();
    try {
      return convert(env, path, p);
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("@EscValue(\"" + path + "\") of environment \"" + ann.value()
          + "\" for parameter \"" + p.getName() + "\": " + e.getMessage(), e);
    }
  }

  private static Object convert(OpenEnvironment env, String path, Parameter p) {
    Class<?> t = p.getType();
    if (t == String.class) {
      return env.getString(path);
    }
    if (t == int.class || t == Integer.class) {
      return env.getInt(path);
    }
    if (t == long.class || t == Long.class) {
      return env.getLong(path);
    }
    if (t == boolean.class || t == Boolean.class) {
      return env.getBoolean(path);
    }
    if (t == BigDecimal.class) {
      return env.getDecimal(path);
    }
    if (t == Secret.class) {
      return env.getSecret(path);
    }
    if (t == io.esc4j.EscValue.class || io.esc4j.EscValue.class.isAssignableFrom(t)) {
      io.esc4j.EscValue v = env.get(path);
      if (!t.isInstance(v)) {
        throw new IllegalArgumentException("the value is a " + v.getClass().getSimpleName() + ", not a "
            + t.getSimpleName());
      }
      return v;
    }
    throw new IllegalArgumentException("unsupported parameter type " + p.getParameterizedType().getTypeName()
        + "; use String, int, long, boolean, BigDecimal, Secret<String> or io.esc4j.EscValue");
  }

  private OpenEnvironment environment(EscEnvironment ann, ExtensionContext ec) {
    String key = "env:" + ann.value() + "|" + ann.directory() + "|" + ann.classpath() + "|" + ann.organization()
        + "|" + ann.user();
    Optional<LocalAws> local = localAws(ec);
    Object state = local.isPresent() ? localAwsState(ec, null) : null;
    OpenedEnvironment opened = ec.getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> {
      Environment.Builder b = Environment.builder().store(store(ann));
      String org = !ann.organization().isEmpty() ? ann.organization()
          : local.map(LocalAws::organization).orElse("");
      EvalContext ctx = org.isEmpty() ? EvalContext.empty() : EvalContext.organization(org);
      if (!ann.user().isEmpty()) {
        ctx = ctx.user(ann.user());
      }
      b.context(ctx);
      if (state != null) {
        LocalAwsSupport.configure(b, state);
      }
      return new OpenedEnvironment(b.open(ann.value()));
    }, OpenedEnvironment.class);
    return opened.environment;
  }

  private static EnvironmentStore store(EscEnvironment ann) {
    if (!ann.directory().isEmpty()) {
      return EnvironmentStore.directory(Path.of(ann.directory()));
    }
    return EnvironmentStore.classpath(ann.classpath().isEmpty() ? "environments" : ann.classpath());
  }

  private static Optional<EscEnvironment> environmentAnnotation(Executable declaring, ExtensionContext ec) {
    Optional<EscEnvironment> a = AnnotationSupport.findAnnotation(declaring, EscEnvironment.class);
    if (a.isPresent()) {
      return a;
    }
    Optional<Method> test = ec.getTestMethod();
    if (test.isPresent()) {
      a = AnnotationSupport.findAnnotation(test.get(), EscEnvironment.class);
      if (a.isPresent()) {
        return a;
      }
    }
    return onClasses(ec, EscEnvironment.class);
  }

  private static Optional<LocalAws> localAws(ExtensionContext ec) {
    return onClasses(ec, LocalAws.class);
  }

  private static <A extends java.lang.annotation.Annotation> Optional<A> onClasses(ExtensionContext ec, Class<A> type) {
    Optional<Class<?>> c = ec.getTestClass();
    while (c.isPresent()) {
      Optional<A> a = AnnotationSupport.findAnnotation((AnnotatedElement) c.get(), type);
      if (a.isPresent()) {
        return a;
      }
      c = Optional.ofNullable(c.get().getEnclosingClass());
    }
    return Optional.empty();
  }

  private static Object localAwsState(ExtensionContext ec, Parameter p) {
    Object state = ec.getStore(NAMESPACE).get(LOCAL_AWS_KEY);
    if (state == null) {
      throw new ParameterResolutionException("@LocalAws is present but its server is not running"
          + (p == null ? "" : " for parameter \"" + p.getName() + "\""));
    }
    return state;
  }

  /** Closes an environment when its JUnit store is closed. */
  private static final class OpenedEnvironment implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final OpenEnvironment environment;

    OpenedEnvironment(OpenEnvironment environment) {
      this.environment = environment;
    }

    @Override
    public void close() {
      environment.close();
    }
  }
}
