package io.esc4j.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.esc4j.Diagnostic;
import io.esc4j.Environment;
import io.esc4j.EnvironmentException;
import io.esc4j.EscValue;
import io.esc4j.OpenEnvironment;
import io.esc4j.spi.EnvironmentStore;
import io.esc4j.spi.Provider;
import io.esc4j.spi.ProviderContext;
import io.esc4j.spi.ProviderException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where provider errors and warnings land in the document. */
class ProviderDiagnosticsTest {
  /** Fails about input {@code inputs.path} when given one; warns when {@code warn} is set. */
  static final class Picky implements Provider {
    @Override
    public String name() {
      return "picky";
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) throws ProviderException {
      if (inputs.get("warn").isPresent()) {
        context.warning("decrypt is false: SecureString values come back encrypted");
      }
      if (inputs.get("blame").orElse(null) instanceof EscValue.Str s) {
        throw new ProviderException("picky: this input is wrong").atInput(s.value());
      }
      return EscValue.Obj.of(Map.of("ok", EscValue.Bool.TRUE));
    }
  }

  static Environment.Builder builder(String yaml) {
    return Environment.builder().store(EnvironmentStore.inMemory(Map.of("p/e", yaml))).noProviderDiscovery()
        .provider(new Picky());
  }

  @Test
  void anErrorAboutOneInputPointsAtThatInput() {
    String doc = """
        values:
          x:
            fn::open::picky:
              blame: oidc.roleArn
              oidc:
                roleArn: arn:aws:iam::1:role/nope
        """;
    EnvironmentException e = catchThrowableOfType(EnvironmentException.class, () -> builder(doc).open("p/e"));
    Diagnostic d = e.errors().get(0);
    assertThat(d.summary()).isEqualTo("picky: this input is wrong");
    assertThat(d.start().line()).isEqualTo(6);
    assertThat(d.start().column()).isEqualTo(18);
  }

  @Test
  void anInputPathThatIsNotWrittenFallsBackToTheNearestWrittenNode() {
    String doc = """
        values:
          x:
            fn::open::picky:
              blame: get.missing.secretId
              get: {}
        """;
    EnvironmentException e = catchThrowableOfType(EnvironmentException.class, () -> builder(doc).open("p/e"));
    assertThat(e.errors().get(0).start().line()).isEqualTo(5);
  }

  @Test
  void warningsOfAProviderAreWarningsAtTheCall() {
    OpenEnvironment env = builder("values:\n  x:\n    fn::open::picky: {warn: true}\n").open("p/e");
    assertThat(env.warnings()).extracting(Diagnostic::summary)
        .containsExactly("decrypt is false: SecureString values come back encrypted");
    assertThat(env.warnings().get(0).start().line()).isEqualTo(3);
    assertThat(env.getBoolean("x.ok")).isTrue();
  }
}
