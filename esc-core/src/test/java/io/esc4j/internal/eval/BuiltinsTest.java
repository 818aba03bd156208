package io.esc4j.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.esc4j.CheckResult;
import io.esc4j.Diagnostic;
import io.esc4j.Environment;
import io.esc4j.EnvironmentException;
import io.esc4j.OpenEnvironment;
import io.esc4j.Redaction;
import io.esc4j.spi.EnvironmentStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Builtins and semantics the reference suite does not cover (or where esc4j decides differently). */
class BuiltinsTest {
  static OpenEnvironment open(String yaml) {
    return Environment.builder().store(EnvironmentStore.inMemory(Map.of("t/e", yaml))).noProviderDiscovery().open("t/e");
  }

  static CheckResult check(String yaml) {
    return Environment.builder().store(EnvironmentStore.inMemory(Map.of("t/e", yaml))).noProviderDiscovery().check("t/e");
  }

  @Test
  void validatePassesValidValuesThrough() {
    OpenEnvironment env = open("""
        values:
          raw: 8080
          port:
            fn::validate:
              schema: {type: number, minimum: 1, maximum: 65535}
              value: ${raw}
        """);
    assertThat(env.getInt("port")).isEqualTo(8080);
  }

  @Test
  void validateReportsInvalidValuesAtTheValue() {
    CheckResult r = check("""
        values:
          port:
            fn::validate:
              schema: {type: number, minimum: 1}
              value: 0
        """);
    assertThat(r.diagnostics()).extracting(Diagnostic::summary).containsExactly("expected a number greater than or equal to 1");
    assertThat(r.diagnostics().get(0).start().line()).isEqualTo(5);
  }

  @Test
  void validateRejectsSchemasThatAreNotSchemas() {
    CheckResult r = check("""
        values:
          port:
            fn::validate:
              schema: {type: integerish}
              value: 1
        """);
    assertThat(r.hasErrors()).isTrue();
    assertThat(r.diagnostics().get(0).start().line()).isEqualTo(4);
  }

  @Test
  void partsOfASecretSplitStaySecret() {
    OpenEnvironment env = open("""
        values:
          pair: {fn::secret: "user:hunter22"}
          parts: {fn::split: [":", "${pair}"]}
          second: ${parts[1]}
        """);
    assertThat(env.get("second").secret()).isTrue();
    assertThat(env.toJson(Redaction.REDACT)).doesNotContain("hunter22");
    assertThat(env.getSecret("second").reveal()).isEqualTo("hunter22");
  }

  @Test
  void fromJsonKeepsNumberTextAndSecrecy() {
    OpenEnvironment env = open("""
        values:
          text: {fn::secret: '{"a": 1.0, "b": [true, null]}'}
          parsed: {fn::fromJSON: "${text}"}
        """);
    assertThat(env.get("parsed.a").toString()).isEqualTo("[secret]");
    assertThat(env.get("parsed").toJson(Redaction.REVEAL)).isEqualTo("{\"a\":1.0,\"b\":[true,null]}");
  }

  @Test
  void everyErrorOfADocumentIsReportedInOnePass() {
    try {
      open("""
          values:
            a: ${missing}
            b: {fn::join: [",", [1]]}
            c: {fn::fromBase64: "%%%"}
            d: {fn::nope: 1}
          """);
      throw new AssertionError("expected an EnvironmentException");
    } catch (EnvironmentException e) {
      assertThat(e.errors()).hasSize(4);
      assertThat(e.getMessage()).contains("t/e:2:8: error: unknown property \"missing\"")
          .contains("t/e:3:24: error: expected string, got number")
          .contains("'fn::' is a reserved prefix");
    }
  }
}
