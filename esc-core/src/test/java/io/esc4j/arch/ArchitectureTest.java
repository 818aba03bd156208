package io.esc4j.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package tree shows the data flow: syntax -> ast -> eval, schema beside them; the value
 * and SPI types depend on no internals; only the {@code Environment} facade and the open
 * environment reach into the evaluator. A violating import fails this test.
 */
class ArchitectureTest {
  static final Path SRC = Path.of("src/main/java/io/esc4j");

  /** package (relative) -> packages it must not import. */
  static final Map<String, List<String>> FORBIDDEN = Map.of(
      "internal/syntax", List.of("io.esc4j.internal.ast", "io.esc4j.internal.eval", "io.esc4j.internal.schema"),
      "internal/ast", List.of("io.esc4j.internal.eval", "io.esc4j.internal.schema"),
      "internal/schema", List.of("io.esc4j.internal.eval", "io.esc4j.internal.ast", "io.esc4j.internal.syntax"),
      "spi", List.of("io.esc4j.internal"));

  static final List<String> FACADES = List.of("Environment.java", "OpenEnvironment.java", "EnvironmentEditor.java");

  @Test
  void dependenciesGoOneWay() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : FORBIDDEN.entrySet()) {
      for (Path f : javaFiles(SRC.resolve(e.getKey()))) {
        for (String imp : imports(f)) {
          for (String bad : e.getValue()) {
            if (imp.startsWith(bad)) {
              violations.add(f + " imports " + imp);
            }
          }
        }
      }
    }
    try (Stream<Path> s = Files.list(SRC)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (FACADES.contains(f.getFileName().toString())) {
          continue;
        }
        for (String imp : imports(f)) {
          if (imp.startsWith("io.esc4j.internal")) {
            violations.add(f + " (API value type) imports " + imp);
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void onlyTheSyntaxPackageTouchesTheYamlLibrary() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path f : javaFiles(SRC)) {
      if (f.startsWith(SRC.resolve("internal/syntax"))) {
        continue;
      }
      for (String imp : imports(f)) {
        if (imp.startsWith("com.fasterxml.jackson.dataformat.yaml") || imp.startsWith("org.yaml")) {
          violations.add(f + " imports " + imp);
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void everyPackageSaysWhatItIs() throws IOException {
    try (Stream<Path> s = Files.walk(SRC)) {
      List<Path> missing = s.filter(Files::isDirectory)
          .filter(d -> javaFilesUnchecked(d).stream().anyMatch(f -> f.getParent().equals(d)))
          .filter(d -> !Files.exists(d.resolve("package-info.java")))
          .toList();
      assertThat(missing).isEmpty();
    }
  }

  static List<Path> javaFilesUnchecked(Path dir) {
    try {
      return javaFiles(dir);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> javaFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);

  static List<String> imports(Path f) throws IOException {
    List<String> out = new ArrayList<>();
    Matcher m = IMPORT.matcher(Files.readString(f));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
