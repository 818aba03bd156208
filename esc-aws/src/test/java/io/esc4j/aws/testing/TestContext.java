package io.esc4j.aws.testing;

import io.esc4j.EscValue;
import io.esc4j.spi.ProviderContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link ProviderContext} for calling providers directly. */
public final class TestContext implements ProviderContext {
  private final String root;
  private final String current;
  private final String org;
  private final String user;
  private final Map<Class<?>, Object> services = new HashMap<>();

  private TestContext(String root, String current, String org, String user) {
    this.root = root;
    this.current = current;
    this.org = org;
    this.user = user;
  }

  /** Opening {@code myapp/dev} as {@code alice} of {@code acme}. */
  public static TestContext of() {
    return new TestContext("myapp/dev", "myapp/dev", "acme", "alice");
  }

  /** With other names. */
  public static TestContext of(String root, String current, String org, String user) {
    return new TestContext(root, current, org, user);
  }

  /** Adds a service. */
  public <T> TestContext with(Class<T> type, T service) {
    services.put(type, service);
    return this;
  }

  @Override
  public String rootEnvironment() {
    return root;
  }

  @Override
  public String currentEnvironment() {
    return current;
  }

  @Override
  public Optional<String> organization() {
    return org == null || org.isEmpty() ? Optional.empty() : Optional.of(org);
  }

  @Override
  public Optional<String> user() {
    return user == null || user.isEmpty() ? Optional.empty() : Optional.of(user);
  }

  @Override
  public Instant deadline() {
    return Instant.now().plus(Duration.ofMinutes(2));
  }

  @Override
  public EscValue.Obj executionContext() {
    return EscValue.Obj.of(Map.of());
  }

  @Override
  public <T> Optional<T> service(Class<T> type) {
    return Optional.ofNullable(type.cast(services.get(type)));
  }
}
