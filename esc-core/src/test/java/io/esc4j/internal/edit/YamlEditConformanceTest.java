package io.esc4j.internal.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.esc4j.internal.eval.PropertyPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference's yaml-edit cases: doc.yaml + edits.yaml must give expected.yaml. The expected
 * files were re-emitted by Go's YAML encoder (4-space indentation) while esc4j edits in place, so
 * the result is compared as data; separately, every single edit must leave the bytes outside the
 * touched value as they were.
 */
class YamlEditConformanceTest {
  static final Path ROOT = Path.of(System.getProperty("esc.shared", "../../shared"),
      "conformance/esc-yaml/yaml-edit");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(ROOT)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
          .toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @SuppressWarnings("unchecked")
  void editsGiveTheExpectedDocument(String name) throws IOException {
    Path dir = ROOT.resolve(name);
    DocumentEditor doc = new DocumentEditor(name, Files.readString(dir.resolve("doc.yaml")));
    Map<String, Object> edits = (Map<String, Object>) new DocumentEditor("edits",
        Files.readString(dir.resolve("edits.yaml"))).model();
    List<Object> list = (List<Object>) edits.get("edits");
    assertThat(list).isNotEmpty();
    for (Object e : list) {
      Map<String, Object> one = (Map<String, Object>) e;
      assertThat(one).hasSize(1);
      Map.Entry<String, Object> edit = one.entrySet().iterator().next();
      List<Object> path = PropertyPath.parse(edit.getKey());
      String before = doc.text();
      Optional<String> old = doc.get(path);
      if (edit.getValue() == null) {
        assertThat(doc.remove(path)).isTrue();
        assertOnlyTouched(before, doc.text(), old.orElseThrow(), true);
      } else {
        doc.set(path, edit.getValue());
        if (old.isPresent()) {
          assertOnlyTouched(before, doc.text(), old.get(), false);
        } else {
          // a new key or item: pure insertion, every old byte kept in order
          assertThat(region(before, doc.text())[0]).isEmpty();
        }
      }
      assertThat(Model.same(doc.data(path).orElse(null), edit.getValue())).isTrue();
    }
    Object expected = new DocumentEditor("expected", Files.readString(dir.resolve("expected.yaml")))
        .model();
    assertThat(Model.same(doc.model(), expected))
        .as("%s gives%n%s", name, doc.text()).isTrue();
  }

  /** {removed text of before, inserted text of after}, outside the common prefix and suffix. */
  static String[] region(String before, String after) {
    int p = 0;
    while (p < before.length() && p < after.length() && before.charAt(p) == after.charAt(p)) {
      p++;
    }
    int s = 0;
    while (s < before.length() - p && s < after.length() - p
        && before.charAt(before.length() - 1 - s) == after.charAt(after.length() - 1 - s)) {
      s++;
    }
    return new String[] {before.substring(p, before.length() - s), after.substring(p, after.length() - s)};
  }

  static void assertOnlyTouched(String before, String after, String oldValue, boolean removed) {
    String[] r = region(before, after);
    if (removed) {
      // the removed text holds the old value; what replaces it is nothing or an empty collection
      assertThat(r[0]).contains(oldValue.strip());
      assertThat(r[1].strip()).isIn("", "{}", "[]", "{", "}", "[", "]");
    } else {
      // the changed bytes lie within the old value's text
      assertThat(oldValue).contains(r[0]);
    }
  }
}
