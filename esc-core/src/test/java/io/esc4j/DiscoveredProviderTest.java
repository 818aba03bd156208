package io.esc4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.esc4j.spi.EnvironmentStore;
import io.esc4j.spi.Provider;
import io.esc4j.spi.ProviderContext;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Providers found with {@link java.util.ServiceLoader} (this module's test resources declare
 * {@link Discovered}) are instantiated when a document calls a provider, not for every open: a
 * local environment's open does not load the AWS SDK that esc-aws's providers bring.
 */
class DiscoveredProviderTest {
  /** Counts its instances and echoes its inputs. */
  public static final class Discovered implements Provider {
    static final AtomicInteger INSTANCES = new AtomicInteger();

    /** Counts the instance. */
    public Discovered() {
      INSTANCES.incrementAndGet();
    }

    @Override
    public String name() {
      return "esc4j-test-discovered";
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) {
      return inputs;
    }
  }

  private static OpenEnvironment open(String doc) {
    return Environment.builder().store(EnvironmentStore.inMemory(Map.of("app/env", doc))).open("app/env");
  }

  @Test
  void anOpenWithoutProviderCallsInstantiatesNoDiscoveredProvider() {
    int before = Discovered.INSTANCES.get();
    try (OpenEnvironment env = open("values:\n  a: ${b}\n  b: local\n")) {
      assertThat(env.getString("a")).isEqualTo("local");
    }
    assertThat(Discovered.INSTANCES.get()).isEqualTo(before);
  }

  @Test
  void aProviderCallFindsTheDiscoveredProvider() {
    int before = Discovered.INSTANCES.get();
    try (OpenEnvironment env = open("values:\n  x:\n    fn::open::esc4j-test-discovered: {greeting: hi}\n")) {
      assertThat(env.getString("x.greeting")).isEqualTo("hi");
    }
    assertThat(Discovered.INSTANCES.get()).isEqualTo(before + 1);
  }

  @Test
  void providersOnTheBuilderStillWinOverDiscoveredOnes() {
    Provider mine = new Provider() {
      @Override
      public String name() {
        return "esc4j-test-discovered";
      }

      @Override
      public EscValue open(EscValue.Obj inputs, ProviderContext context) {
        return EscValue.Str.of("mine");
      }
    };
    try (OpenEnvironment env = Environment.builder()
        .store(EnvironmentStore.inMemory(Map.of("app/env", "values:\n  x: {fn::open::esc4j-test-discovered: {}}\n")))
        .provider(mine)
        .open("app/env")) {
      assertThat(env.getString("x")).isEqualTo("mine");
    }
  }
}
