package io.esc4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esc4j.spi.EnvironmentStore;
import io.esc4j.spi.Provider;
import io.esc4j.spi.ProviderContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Provider#mayBlock()}: a provider that declares it does not block is called on the
 * thread that opens, within the same evaluation pass; one that may block (the default) runs on
 * the provider threads. Both give the same values.
 */
class InlineProviderTest {
  /** Echoes input "v" and records the thread that called it. */
  static final class Echo implements Provider {
    final String name;
    final boolean mayBlock;
    final List<String> threads = new CopyOnWriteArrayList<>();

    Echo(String name, boolean mayBlock) {
      this.name = name;
      this.mayBlock = mayBlock;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean mayBlock() {
      return mayBlock;
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) {
      threads.add(Thread.currentThread().getName());
      return inputs.properties().get("v");
    }
  }

  private static final String CIPHERTEXT =
      io.esc4j.internal.eval.Envelope.encode("s3cr3t".getBytes(StandardCharsets.UTF_8));

  private static Environment.Builder builder(String doc, AtomicInteger decrypts, Provider... providers) {
    Environment.Builder b = Environment.builder().store(EnvironmentStore.inMemory(Map.of("app/env", doc)))
        .noProviderDiscovery().decrypter(payload -> {
          decrypts.incrementAndGet();
          return payload;
        });
    for (Provider p : providers) {
      b.provider(p);
    }
    return b;
  }

  @Test
  void aProviderThatDoesNotBlockRunsOnTheOpeningThreadInOnePass() {
    Echo inline = new Echo("inline", false);
    AtomicInteger decrypts = new AtomicInteger();
    String doc = """
        values:
          token: {fn::secret: {ciphertext: %s}}
          first: {fn::open::inline: {v: one}}
          second: {fn::open::inline: {v: "${first}-two"}}
          third: {fn::open::inline: {v: "${second}-three"}}
        """.formatted(CIPHERTEXT);
    OpenEnvironment env = builder(doc, decrypts, inline).open("app/env");
    assertThat(env.getString("third")).isEqualTo("one-two-three");
    assertThat(env.getSecret("token").reveal()).isEqualTo("s3cr3t");
    assertThat(inline.threads).containsOnly(Thread.currentThread().getName()).hasSize(3);
    // one pass: the document (and its ciphertext) is evaluated once
    assertThat(decrypts.get()).isEqualTo(1);
  }

  @Test
  void providersThatMayBlockRunOnTheProviderThreads() {
    Echo pooled = new Echo("pooled", true);
    AtomicInteger decrypts = new AtomicInteger();
    String doc = """
        values:
          token: {fn::secret: {ciphertext: %s}}
          first: {fn::open::pooled: {v: one}}
          second: {fn::open::pooled: {v: "${first}-two"}}
        """.formatted(CIPHERTEXT);
    OpenEnvironment env = builder(doc, decrypts, pooled).open("app/env");
    assertThat(env.getString("second")).isEqualTo("one-two");
    assertThat(pooled.threads).hasSize(2).allMatch(t -> t.startsWith("esc4j-provider-"));
    // (how many passes it took depends on whether a call had finished when the pass read it)
  }

  @Test
  void bothKindsMixedInOneChain() {
    Echo inline = new Echo("inline", false);
    Echo pooled = new Echo("pooled", true);
    String doc = """
        values:
          a: {fn::open::pooled: {v: a}}
          b: {fn::open::inline: {v: "${a}b"}}
          c: {fn::open::pooled: {v: "${b}c"}}
          d: {fn::open::inline: {v: "${c}d"}}
          all: [ "${a}", "${b}", "${c}", "${d}" ]
        """;
    OpenEnvironment env = builder(doc, new AtomicInteger(), inline, pooled).open("app/env");
    assertThat(env.get("all")).isEqualTo(EscValue.parseJson("[\"a\",\"ab\",\"abc\",\"abcd\"]"));
    assertThat(inline.threads).containsOnly(Thread.currentThread().getName()).hasSize(2);
    assertThat(pooled.threads).hasSize(2).allMatch(t -> t.startsWith("esc4j-provider-"));
  }

  @Test
  void aCallThatReturnsAfterTheDeadlineFailsWithTheTimeoutError() {
    Provider late = new Provider() {
      @Override
      public String name() {
        return "late";
      }

      @Override
      public boolean mayBlock() {
        return false; // wrongly: it sleeps past the open's deadline
      }

      @Override
      public EscValue open(EscValue.Obj inputs, ProviderContext context) {
        try {
          Thread.sleep(Math.max(0, Duration.between(Instant.now(), context.deadline()).toMillis()) + 20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return EscValue.Str.of("too late");
      }
    };
    String doc = """
        values:
          v: {fn::open::late: {}}
        """;
    Environment.Builder b = builder(doc, new AtomicInteger(), late)
        .limits(EvalLimits.defaults().withTimeout(Duration.ofMillis(50)));
    assertThatThrownBy(() -> b.open("app/env")).isInstanceOf(EnvironmentException.class)
        .hasMessageContaining("app/env:2:6: error: the provider returned after the open timeout of 50 ms"
            + " (it runs on the opening thread: its mayBlock() is false)")
        .hasMessageContaining("return true from mayBlock()")
        .hasMessageNotContaining("too late");
  }

  /** Throws what it is told to: a checked exception it does not declare, or an error. */
  static final class Thrower implements Provider {
    final boolean mayBlock;

    Thrower(boolean mayBlock) {
      this.mayBlock = mayBlock;
    }

    @Override
    public String name() {
      return "thrower";
    }

    @Override
    public boolean mayBlock() {
      return mayBlock;
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) {
      String what = ((EscValue.Str) inputs.properties().get("throw")).value();
      if (what.equals("checked")) {
        throw Thrower.<RuntimeException>sneaky(new java.io.IOException("secret-in-message"));
      }
      throw new AssertionError("a bug");
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> T sneaky(Throwable t) throws T {
      throw (T) t;
    }
  }

  @Test
  void anUndeclaredCheckedExceptionIsAProviderErrorOnBothPaths() {
    for (boolean mayBlock : new boolean[] {true, false}) {
      Environment.Builder b = builder("values:\n  v: {fn::open::thrower: {throw: checked}}\n", new AtomicInteger(),
          new Thrower(mayBlock));
      assertThatThrownBy(() -> b.open("app/env")).as("mayBlock %s", mayBlock).isInstanceOf(EnvironmentException.class)
          .hasMessageContaining("provider \"thrower\" failed unexpectedly: java.io.IOException")
          .hasMessageNotContaining("secret-in-message");
    }
  }

  @Test
  void anErrorIsThrownAsItselfOnBothPaths() {
    for (boolean mayBlock : new boolean[] {true, false}) {
      Environment.Builder b = builder("values:\n  v: {fn::open::thrower: {throw: error}}\n", new AtomicInteger(),
          new Thrower(mayBlock));
      assertThatThrownBy(() -> b.open("app/env")).as("mayBlock %s", mayBlock).isInstanceOf(AssertionError.class)
          .hasMessage("a bug");
    }
  }

  @Test
  void anInterruptedOpenDoesNotCallAProviderInline() {
    Echo inline = new Echo("inline", false);
    Environment.Builder b = builder("values:\n  v: {fn::open::inline: {v: x}}\n", new AtomicInteger(), inline);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> b.open("app/env")).isInstanceOf(EnvironmentException.class)
          .hasMessageContaining("interrupted before the provider was called");
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(inline.threads).isEmpty();
  }
}
