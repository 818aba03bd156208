package io.esc4j.internal.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esc4j.internal.eval.PropertyPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Byte-preserving edits on documents with comments, quoting, blank lines and flow style. */
class DocumentEditorTest {
  static final String DOC = """
      # header comment
      imports:
        - base   # the base
      values:
        # about the db
        db:
          host: "db.example.com"   # quoted on purpose
          port: 5432

          user: 'admin'
        flags: {a: 1, b: [x, y]}
        list:
          - one
          - two # second
        empty:
      # trailing comment
      """;

  static String set(String doc, String path, Object v) {
    DocumentEditor d = new DocumentEditor("t", doc);
    d.set(PropertyPath.parse(path), v);
    return d.text();
  }

  static String rm(String doc, String path) {
    DocumentEditor d = new DocumentEditor("t", doc);
    assertThat(d.remove(PropertyPath.parse(path))).isTrue();
    return d.text();
  }

  @Test
  void replacingAScalarKeepsEverythingElseAndItsQuoting() {
    assertThat(set(DOC, "values.db.host", "db2.example.com"))
        .isEqualTo(DOC.replace("\"db.example.com\"", "\"db2.example.com\""));
    assertThat(set(DOC, "values.db.user", "root"))
        .isEqualTo(DOC.replace("'admin'", "'root'"));
    assertThat(set(DOC, "values.db.port", 6543)).isEqualTo(DOC.replace("5432", "6543"));
    assertThat(set(DOC, "values.list[1]", "deux")).isEqualTo(DOC.replace("- two #", "- deux #"));
  }

  @Test
  void stringsThatWouldReadAsOtherTypesAreQuoted() {
    assertThat(set(DOC, "values.db.port", "5432")).isEqualTo(DOC.replace("5432", "'5432'"));
    assertThat(set(DOC, "values.list[0]", "yes")).isEqualTo(DOC.replace("- one", "- 'yes'"));
    assertThat(set(DOC, "values.list[0]", "a: b")).isEqualTo(DOC.replace("- one", "- 'a: b'"));
    assertThat(set(DOC, "values.list[0]", "line1\nline2"))
        .isEqualTo(DOC.replace("- one", "- \"line1\\nline2\""));
    assertThat(set(DOC, "values.list[0]", "${db.host}")).isEqualTo(DOC.replace("- one", "- ${db.host}"));
  }

  @Test
  void addingKeysAndItemsInsertsLinesAtTheRightIndentation() {
    assertThat(set(DOC, "values.db.password", "pw"))
        .isEqualTo(DOC.replace("user: 'admin'\n", "user: 'admin'\n    password: pw\n"));
    assertThat(set(DOC, "values.list[2]", "three"))
        .isEqualTo(DOC.replace("- two # second\n", "- two # second\n    - three\n"));
    assertThat(set(DOC, "values.flags.c", true)).isEqualTo(DOC.replace("b: [x, y]}", "b: [x, y], c: true}"));
    assertThat(set(DOC, "values.flags.b[2]", "z")).isEqualTo(DOC.replace("[x, y]", "[x, y, z]"));
    assertThat(set(DOC, "values.empty.x", List.of(1, 2)))
        .isEqualTo(DOC.replace("  empty:\n", "  empty:\n    x:\n      - 1\n      - 2\n"));
    assertThat(set(DOC, "values.new.deep[0].k", "v"))
        .isEqualTo(DOC.replace("  empty:\n", "  empty:\n  new:\n    deep:\n      - k: v\n"));
  }

  @Test
  void replacingWithCollectionsAndBack() {
    String withMap = set(DOC, "values.db.port", Map.of("a", 1));
    assertThat(withMap).isEqualTo(DOC.replace("port: 5432", "port:\n      a: 1"));
    assertThat(set(withMap, "values.db.port", 5432)).isEqualTo(DOC);
    assertThat(set(DOC, "values.flags.a", Map.of("k", "v"))).isEqualTo(DOC.replace("{a: 1,", "{a: {k: v},"));
  }

  @Test
  void removingKeepsNeighbours() {
    assertThat(rm(DOC, "values.db.port")).isEqualTo(DOC.replace("    port: 5432\n", ""));
    assertThat(rm(DOC, "values.list[0]")).isEqualTo(DOC.replace("    - one\n", ""));
    assertThat(rm(DOC, "values.flags.a")).isEqualTo(DOC.replace("{a: 1, ", "{"));
    assertThat(rm(DOC, "values.flags.b")).isEqualTo(DOC.replace(", b: [x, y]", ""));
    assertThat(rm(DOC, "imports[0]")).isEqualTo(DOC.replace("imports:\n  - base", "imports: []"));
    assertThat(new DocumentEditor("t", DOC).remove(PropertyPath.parse("values.nope"))).isFalse();
  }

  @Test
  void compactSequenceMappingsAndNoTrailingNewline() {
    String doc = "items:\n  - name: a\n    size: 1\n  - name: b";
    assertThat(rm(doc, "items[0].name")).isEqualTo("items:\n  - size: 1\n  - name: b");
    assertThat(rm(doc, "items[1]")).isEqualTo("items:\n  - name: a\n    size: 1");
    assertThat(set(doc, "items[1].size", 2)).isEqualTo(doc + "\n    size: 2");
    assertThat(set(doc, "items[0].size", 3)).isEqualTo(doc.replace("size: 1", "size: 3"));
  }

  @Test
  void crlfAndEmptyFlowCollectionsInBlockContext() {
    String doc = "values:\r\n  a: 1\r\n";
    assertThat(set(doc, "values.b", 2)).isEqualTo("values:\r\n  a: 1\r\n  b: 2\r\n");
    assertThat(set("values: {}\n", "values.a", "x")).isEqualTo("values:\n  a: x\n");
    assertThat(set("", "values.a", "x")).isEqualTo("values:\n  a: x\n");
    assertThat(set("# only a comment", "values.a", "x")).isEqualTo("# only a comment\nvalues:\n  a: x\n");
  }

  @Test
  void multiLineScalarsAreReplacedWhole() {
    String doc = "a: |\n  one\n  two\nb: plain\n  continued\nc: \"x\n  y\"\nd: 1\n";
    assertThat(set(doc, "a", "z")).isEqualTo("a: z\nb: plain\n  continued\nc: \"x\n  y\"\nd: 1\n");
    assertThat(set(doc, "b", "z")).isEqualTo("a: |\n  one\n  two\nb: z\nc: \"x\n  y\"\nd: 1\n");
    assertThat(set(doc, "c", "z")).isEqualTo("a: |\n  one\n  two\nb: plain\n  continued\nc: \"z\"\nd: 1\n");
  }

  @Test
  void impossiblePathsAreRejectedWithoutChangingTheText() {
    DocumentEditor d = new DocumentEditor("t", DOC);
    assertThatThrownBy(() -> d.set(PropertyPath.parse("values.db.host.x"), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("values.db.host.x").hasMessageContaining("a string")
        .hasMessageNotContaining("example.com");
    assertThatThrownBy(() -> d.set(PropertyPath.parse("values.list[5]"), 1))
        .hasMessageContaining("past the end");
    assertThatThrownBy(() -> d.set(PropertyPath.parse("values.list.x"), 1))
        .hasMessageContaining("a sequence");
    assertThat(d.text()).isEqualTo(DOC);
  }

  @Test
  void getReturnsTheSourceText() {
    DocumentEditor d = new DocumentEditor("t", DOC);
    assertThat(d.get(PropertyPath.parse("values.db.host"))).contains("\"db.example.com\"");
    assertThat(d.get(PropertyPath.parse("values.flags"))).contains("{a: 1, b: [x, y]}");
    assertThat(d.get(PropertyPath.parse("values.list"))).contains("- one\n    - two");
    assertThat(d.get(PropertyPath.parse("values.nope"))).isEmpty();
  }
}
