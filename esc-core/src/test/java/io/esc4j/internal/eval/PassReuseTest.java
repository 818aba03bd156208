package io.esc4j.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.esc4j.Diagnostic;
import io.esc4j.Environment;
import io.esc4j.EscValue;
import io.esc4j.OpenEnvironment;
import io.esc4j.spi.EnvironmentStore;
import io.esc4j.spi.Provider;
import io.esc4j.spi.ProviderContext;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An open takes one evaluation pass more than the longest chain of provider calls; imports that
 * read no unfinished call are evaluated once and reused by later passes, with the same values
 * and the same diagnostics, reported once.
 */
class PassReuseTest {
  /** Echoes its input "v" (after the first call has finished: calls run concurrently). */
  static final class Echo implements Provider {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String name() {
      return "echo";
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) {
      calls.incrementAndGet();
      return inputs.properties().get("v");
    }
  }

  static final Map<String, String> DOCS = Map.of(
      // settled in the first pass: no calls; a warning of its own, and an import of its own
      "r/base", """
          imports:
            - r/shared
          values:
            app:
              name: base
              region: ${shared.region}
              token: {fn::secret: {ciphertext: %s}}
          """.formatted(Envelope.encode("s3cr3t".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
      "r/shared", """
          values:
            shared:
              region: {fn::final: eu-west-1}
          """,
      "r/override", """
          imports:
            - r/shared
          values:
            shared:
              region: us-east-1
          """,
      // reads a call: evaluated again in every pass
      "r/calls", """
          values:
            first: {fn::open::echo: {v: one}}
            second: {fn::open::echo: {v: "${first}-two"}}
          """,
      "r/root", """
          imports:
            - r/base
            - r/override
            - r/calls
          values:
            third: {fn::open::echo: {v: "${second}-three"}}
            summary: ${app.name}/${app.region}/${third}
          """);

  @Test
  void importsWithoutCallsAreReusedAcrossPassesAndReportTheirWarningsOnce() {
    Echo echo = new Echo();
    AtomicInteger decrypts = new AtomicInteger();
    OpenEnvironment env = Environment.builder().store(EnvironmentStore.inMemory(DOCS)).noProviderDiscovery()
        .provider(echo).decrypter(payload -> {
          decrypts.incrementAndGet();
          return payload;
        }).open("r/root");
    // three passes (third needs second needs first); r/base is evaluated, and decrypted, once
    assertThat(decrypts.get()).isEqualTo(1);
    assertThat(env.getSecret("app.token").reveal()).isEqualTo("s3cr3t");
    assertThat(env.getString("first")).isEqualTo("one");
    assertThat(env.getString("second")).isEqualTo("one-two");
    assertThat(env.getString("third")).isEqualTo("one-two-three");
    assertThat(env.getString("summary")).isEqualTo("base/eu-west-1/one-two-three");
    assertThat(env.getString("shared.region")).isEqualTo("eu-west-1");
    assertThat(echo.calls.get()).isEqualTo(3);
    assertThat(env.warnings()).extracting(Diagnostic::environment, Diagnostic::summary)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("r/override", "cannot override final value"));
  }

  @Test
  void valuesWithoutCallsAgreeWithAStaticCheck() {
    Echo echo = new Echo();
    Environment.Builder b = Environment.builder().store(EnvironmentStore.inMemory(DOCS)).noProviderDiscovery()
        .provider(echo).decrypter(payload -> payload);
    OpenEnvironment opened = b.open("r/root");
    // check evaluates once, calls and ciphertext unknown: the values that depend on neither agree
    var checked = b.check("r/root");
    assertThat(checked.values()).isPresent();
    EscValue.Obj app = (EscValue.Obj) checked.values().get().properties().get("app");
    EscValue.Obj openedApp = (EscValue.Obj) opened.values().properties().get("app");
    assertThat(app.properties().get("name")).isEqualTo(openedApp.properties().get("name"));
    assertThat(app.properties().get("region")).isEqualTo(openedApp.properties().get("region"));
    assertThat(checked.diagnostics()).extracting(Diagnostic::summary).containsExactly("cannot override final value");
  }

  /**
   * An import reused within a pass in which its own evaluation read an unfinished call holds that
   * pass's unknowns: whatever imports it must be evaluated again, not settled. The call can only
   * finish after the root's "release" call, which runs after every import of the first pass.
   */
  @Test
  void anImportOverAnEnvironmentThatReadAnUnfinishedCallIsNotSettled() {
    java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    Provider slowEcho = heldEcho(released, inputs -> inputs.properties().get("v"));
    Provider release = release(released);
    Map<String, String> docs = Map.of(
        "p/y", "values:\n  a: {fn::open::echo: {v: one}}\n",
        "p/x", "imports:\n  - p/y\nvalues:\n  b: ${a}\n",
        "p/root", "imports:\n  - p/y\n  - p/x\nvalues:\n  d: ${b}\n  r: {fn::open::release: {}}\n");
    OpenEnvironment env = Environment.builder().store(EnvironmentStore.inMemory(docs)).noProviderDiscovery()
        .provider(slowEcho).provider(release).open("p/root");
    assertThat(env.getString("a")).isEqualTo("one");
    assertThat(env.getString("b")).isEqualTo("one");
    assertThat(env.getString("d")).isEqualTo("one");
  }

  /**
   * An object over a call's result that is still unknown (a static check, or a pass before the call
   * finished), itself over an import's object: each lookup of the unknown value's property makes a
   * new wrapper of the same layer below, and merging over the second one closed the chain into a
   * loop (check: "nests too deeply"; open: the same, or a hang, depending on the call's timing).
   */
  @Test
  void anObjectOverAnUnknownCallResultOverAnImportIsLayeredOnce() {
    java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    Provider slowEcho = heldEcho(released, inputs -> inputs);
    Provider release = release(released);
    Map<String, String> docs = Map.of(
        "u/z", "values:\n  obj:\n    k:\n      n: 2\n",
        "u/a", "imports:\n  - u/z\nvalues:\n  obj: {fn::open::echo: {}}\n",
        "u/b", "imports:\n  - u/a\nvalues:\n  obj:\n    k:\n      m: 1\n  r: {fn::open::release: {}}\n");
    Environment.Builder b = Environment.builder().store(EnvironmentStore.inMemory(docs)).noProviderDiscovery()
        .provider(slowEcho).provider(release);
    io.esc4j.CheckResult check = b.check("u/b");
    assertThat(check.diagnostics()).noneMatch(io.esc4j.Diagnostic::isError);
    // the call's result is unknown in a check; the object over it still has its own key
    assertThat(check.values().orElseThrow().properties().get("obj").toString()).contains("m");
    OpenEnvironment env = b.open("u/b");
    assertThat(env.getInt("obj.k.m")).isEqualTo(1);
    assertThat(env.getInt("obj.k.n")).isEqualTo(2);
    // the import's own value is as it was
    assertThat(b.open("u/z").values().toString()).isEqualTo("{\"obj\":{\"k\":{\"n\":2}}}");
  }

  /**
   * "echo" on the provider pool: its call returns {@code result} of its inputs only once
   * {@code released} is counted down (by {@link #release}), so it is unfinished at the end of the
   * first pass whatever the timing.
   */
  private static Provider heldEcho(java.util.concurrent.CountDownLatch released,
      java.util.function.Function<EscValue.Obj, EscValue> result) {
    return new Provider() {
      @Override
      public String name() {
        return "echo";
      }

      @Override
      public EscValue open(EscValue.Obj inputs, ProviderContext context) {
        try {
          released.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return result.apply(inputs);
      }
    };
  }

  /** "release", called inline (it does not block): counts {@code released} down. */
  private static Provider release(java.util.concurrent.CountDownLatch released) {
    return new Provider() {
      @Override
      public String name() {
        return "release";
      }

      @Override
      public boolean mayBlock() {
        return false;
      }

      @Override
      public EscValue open(EscValue.Obj inputs, ProviderContext context) {
        released.countDown();
        return EscValue.Str.of("released");
      }
    };
  }
}
