package io.esc4j.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.esc4j.Environment;
import io.esc4j.EscValue;
import io.esc4j.OpenEnvironment;
import io.esc4j.spi.EnvironmentStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Imports are layered, later over earlier, key by key; an import that imports the ones before
 * it is merged without being copied, so chains of imports cost in proportion to their size.
 */
class ImportLayeringTest {
  /** doc0 ... doc(n-1), each importing the one before; the root imports them all, in order. */
  static Map<String, String> chain(int n) {
    Map<String, String> docs = new LinkedHashMap<>();
    for (int d = 0; d < n; d++) {
      StringBuilder sb = new StringBuilder();
      if (d > 0) {
        sb.append("imports:\n  - c/doc").append(d - 1).append('\n');
      }
      sb.append("values:\n")
          .append("  shared:\n")
          .append("    level: ").append(d).append('\n')
          .append("    k").append(d).append(": v").append(d).append('\n')
          .append("    ref").append(d).append(": ${shared.level}\n")
          .append("  own").append(d).append(":\n");
      for (int i = 0; i < 20; i++) {
        sb.append("    x").append(i).append(": \"${shared.k").append(d).append("}-").append(i).append("\"\n");
      }
      docs.put("c/doc" + d, sb.toString());
    }
    StringBuilder root = new StringBuilder("imports:\n");
    for (int d = 0; d < n; d++) {
      root.append("  - c/doc").append(d).append('\n');
    }
    root.append("values:\n  top: ${shared.level}\n");
    docs.put("c/root", root.toString());
    return docs;
  }

  static OpenEnvironment open(Map<String, String> docs, String root) {
    return Environment.builder().store(EnvironmentStore.inMemory(docs)).noProviderDiscovery().open(root);
  }

  @Test
  void aChainOfImportsLayersEveryDocumentInOrder() {
    int n = 30;
    OpenEnvironment env = open(chain(n), "c/root");
    assertThat(env.getInt("top")).isEqualTo(n - 1);
    assertThat(env.getInt("shared.level")).isEqualTo(n - 1);
    for (int d = 0; d < n; d++) {
      assertThat(env.getString("shared.k" + d)).isEqualTo("v" + d);
      // a reference is evaluated in the document that holds it, over that document's imports
      assertThat(env.getInt("shared.ref" + d)).isEqualTo(d);
      assertThat(env.getString("own" + d + ".x7")).isEqualTo("v" + d + "-7");
    }
  }

  @Test
  void independentImportsMergeKeyByKeyLaterOverEarlier() {
    Map<String, String> docs = Map.of(
        "i/a", "values:\n  app:\n    name: a\n    port: 1\n    only_a: true\n  list: [1, 2]\n",
        "i/b", "values:\n  app:\n    name: b\n    only_b: true\n  list: [3]\n",
        "i/c", "imports:\n  - i/a\nvalues:\n  app:\n    port: 3\n",
        "i/root", "imports:\n  - i/a\n  - i/b\n  - i/c\nvalues:\n  app:\n    mine: ${app.name}\n");
    OpenEnvironment env = open(docs, "i/root");
    // c (which imports a) is merged last: its port over b's, a's keys again under both
    assertThat(env.getInt("app.port")).isEqualTo(3);
    assertThat(env.getString("app.name")).isEqualTo("a");
    assertThat(env.getString("app.mine")).isEqualTo("a");
    assertThat(env.getBoolean("app.only_a")).isTrue();
    assertThat(env.getBoolean("app.only_b")).isTrue();
    assertThat(env.values().get("list")).contains(EscValue.parseJson("[1,2]"));
  }

  @Test
  void importChainsAreNotCopiedOncePerImporter() {
    long small = copiedWhileOpening(40);
    long large = copiedWhileOpening(160);
    // 4x the documents: linear is about 4x the copies, copying every import's chain would be 16x
    assertThat(large).isLessThanOrEqualTo(5 * Math.max(small, 1));
  }

  /**
   * An import's own values are exported once, as its evaluation ends (while they are in cache),
   * and the root's export takes them as they are instead of exporting them again.
   */
  @Test
  void eachValueIsExportedOncePerOpen() {
    Map<String, String> docs = Map.of(
        "e/a", "values:\n  x:\n    p: 1\n    q: two\n    r: [3]\n",
        "e/b", "imports:\n  - e/a\nvalues:\n  y:\n    s: ${x.p}\n    t: {fn::join: [\"-\", [a, b]]}\n",
        "e/root", "imports:\n  - e/a\n  - e/b\n");
    open(docs, "e/root"); // warm
    long before = Value.exportedValues();
    OpenEnvironment env = open(docs, "e/root");
    long exported = Value.exportedValues() - before;
    assertThat(env.getString("x.q")).isEqualTo("two");
    assertThat(env.getString("y.t")).isEqualTo("a-b");
    // x, p, q, r, r[0]; y, s, t; the root's object. Exported again at the root: 9 more.
    assertThat(exported).isEqualTo(9);
  }

  private static long copiedWhileOpening(int n) {
    Map<String, String> docs = chain(n);
    open(docs, "c/root"); // warm: nothing cached across opens, but keep class loading out of it
    long before = Value.copiedValues();
    open(docs, "c/root");
    return Value.copiedValues() - before;
  }

  /**
   * The keys of an object layered over many imports are the union of every object layer down to
   * the first layer that is not an object, each with the value of its highest layer, in code-point
   * order (generated chains up to 40 deep; keys outside the BMP and above U+E000 included).
   */
  @Test
  void keysOfDeeplyLayeredObjectsAreTheUnionDownToTheFirstScalar() {
    String[] pool = {"a", "b", "env_a", "env_b", "Z", "_x", "k10", "k9", "\u00e9t\u00e9", "\uff21", "\ud83d\ude00", "x.y"};
    Random r = new Random(11);
    for (int trial = 0; trial < 150; trial++) {
      int n = 1 + r.nextInt(40);
      Map<String, String> docs = new LinkedHashMap<>();
      List<Map<String, String>> layers = new ArrayList<>();
      StringBuilder root = new StringBuilder("imports:\n");
      for (int d = 0; d < n; d++) {
        StringBuilder sb = new StringBuilder("values:\n");
        Map<String, String> layer = null;
        if (r.nextInt(10) == 0) {
          sb.append("  shared: scalar").append(d).append('\n');
        } else {
          layer = new LinkedHashMap<>();
          for (int k = 1 + r.nextInt(3); k > 0; k--) {
            layer.put(pool[r.nextInt(pool.length)], "v" + d);
          }
          sb.append("  shared:\n");
          layer.forEach((k, v) -> sb.append("    ").append(quoted(k)).append(": ").append(v).append('\n'));
        }
        docs.put("k/doc" + d, sb.toString());
        root.append("  - k/doc").append(d).append('\n');
        layers.add(layer);
      }
      docs.put("k/root", root.toString());
      Map<String, String> expected = new TreeMap<>(
          (x, y) -> Arrays.compare(x.codePoints().toArray(), y.codePoints().toArray()));
      for (int d = n - 1; d >= 0 && layers.get(d) != null; d--) {
        layers.get(d).forEach(expected::putIfAbsent);
      }
      EscValue shared = open(docs, "k/root").values().properties().get("shared");
      if (layers.get(n - 1) == null) {
        assertThat(shared).isEqualTo(EscValue.Str.of("scalar" + (n - 1)));
        continue;
      }
      Map<String, EscValue> props = ((EscValue.Obj) shared).properties();
      assertThat(props.keySet()).as("trial %d", trial).containsExactlyElementsOf(expected.keySet());
      expected.forEach((k, v) -> assertThat(props.get(k)).isEqualTo(EscValue.Str.of(v)));
    }
  }

  /** A YAML double-quoted key, non-ASCII chars escaped. */
  private static String quoted(String k) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : k.toCharArray()) {
      sb.append(c < 0x80 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return sb.append('"').toString();
  }
}
