package io.esc4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.esc4j.EscValue;
import io.esc4j.Redaction;
import io.esc4j.Variable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Renders values for {@code esc open} and {@code esc get}. */
final class Formats {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build());

  private Formats() {}

  /** The output formats. */
  enum Format { json, yaml, dotenv, shell, string }

  static String render(EscValue v, Map<String, Variable> variables, Format f, Redaction r) {
    try {
      JsonNode node = JSON.readTree(v.toJson(r));
      return switch (f) {
        case json -> JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        case yaml -> YAML.writeValueAsString(node).stripTrailing();
        case string -> v instanceof EscValue.Str s && !(s.secret() && r == Redaction.REDACT) ? s.value()
            : node.isValueNode() ? node.asText() : JSON.writeValueAsString(node);
        case dotenv -> dotenv(variables, r);
        case shell -> shell(variables, r);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String dotenv(Map<String, Variable> vars, Redaction r) {
    StringBuilder sb = new StringBuilder();
    vars.forEach((k, v) -> {
      String value = r == Redaction.REDACT && v.secret() ? "[secret]" : v.reveal();
      sb.append(k).append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("$", "\\$").replace("`", "\\`")).append("\"\n");
    });
    return sb.toString().stripTrailing();
  }

  private static String shell(Map<String, Variable> vars, Redaction r) {
    StringBuilder sb = new StringBuilder();
    vars.forEach((k, v) -> {
      String value = r == Redaction.REDACT && v.secret() ? "[secret]" : v.reveal();
      sb.append("export ").append(k).append("='").append(value.replace("'", "'\"'\"'")).append("'\n");
    });
    return sb.toString().stripTrailing();
  }
}
