package io.esc4j.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.esc4j.Diagnostic;
import io.esc4j.Environment;
import io.esc4j.EnvironmentException;
import io.esc4j.EvalContext;
import io.esc4j.spi.EnvironmentStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An invalid input is reported at that input in the document, before any AWS call. */
class InputPositionsTest {
  @Test
  void aBadDurationIsReportedAtTheDuration() {
    String doc = """
        values:
          aws:
            login:
              fn::open::aws-login:
                oidc:
                  roleArn: arn:aws:iam::123456789012:role/app
                  sessionName: app
                  duration: 13h
        """;
    EnvironmentException e = catchThrowableOfType(EnvironmentException.class, () -> Environment.builder()
        .store(EnvironmentStore.inMemory(Map.of("app/dev", doc)))
        .context(EvalContext.organization("acme"))
        .open("app/dev"));
    Diagnostic d = e.errors().get(0);
    assertThat(d.summary()).startsWith("aws-login: invalid input \"oidc.duration\"");
    assertThat(d.start().line()).isEqualTo(8);
    assertThat(d.start().column()).isEqualTo(21);
    assertThat(e.getMessage()).contains("app/dev:8:21: error: aws-login: invalid input");
  }
}
