package io.esc4j.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.esc4j.EscValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link Value#keys()} of layered objects: the sorted union of every object layer's own keys,
 * from the top down to the first layer that is not an object (a scalar or an unknown), each key
 * once, whichever layers were asked for their keys before (cached) and however deep the chain.
 */
class ValueKeysTest {
  private static final String[] POOL = {"a", "b", "env_a", "env_b", "Z", "_x", "k10", "k9", "\u00e9t\u00e9",
      "\uff21", "\ud83d\ude00", "\ue000", "x.y", ""};

  private static Value scalar(String s) {
    Value v = new Value(Node.synthetic("t", ""));
    v.repr = s;
    return v;
  }

  @Test
  void keysOfRandomChainsAreTheSortedUnionDownToTheFirstLayerThatIsNotAnObject() {
    Random r = new Random(5);
    for (int trial = 0; trial < 3000; trial++) {
      int n = 1 + r.nextInt(40);
      // layers[0] is the top
      List<Value> layers = new ArrayList<>();
      List<Map<String, Value>> own = new ArrayList<>();
      for (int d = 0; d < n; d++) {
        Value v = new Value(Node.synthetic("t", ""));
        int kind = d == 0 ? 0 : r.nextInt(12);
        if (kind == 1) {
          v.repr = "scalar";
          own.add(null);
        } else if (kind == 2) {
          v.unknown = true;
          own.add(null);
        } else {
          Map<String, Value> m = new LinkedHashMap<>();
          for (int k = r.nextInt(4); k > 0; k--) {
            m.put(POOL[r.nextInt(POOL.length)], scalar("v" + d));
          }
          v.repr = m;
          v.secret = r.nextInt(5) == 0;
          own.add(m);
        }
        layers.add(v);
      }
      // build the chain bottom-up the way imports are layered, asking random layers for their keys
      for (int d = n - 2; d >= 0; d--) {
        layers.get(d).merge(layers.get(d + 1));
        if (r.nextInt(3) == 0) {
          int asked = d + r.nextInt(n - d);
          layers.get(asked).keys();
        }
      }
      TreeSet<String> expected = new TreeSet<>(EscValue.Obj.KEY_ORDER);
      for (Map<String, Value> m : own) {
        if (m == null) {
          break;
        }
        expected.addAll(m.keySet());
      }
      assertThat(layers.get(0).keys()).as("trial %d", trial).containsExactlyElementsOf(expected);
    }
  }

  private static Value object(Map<String, Value> m) {
    Value v = new Value(Node.synthetic("t", ""));
    v.repr = new LinkedHashMap<>(m);
    return v;
  }

  /**
   * A copy is made to be merged over something else: what the original had worked out about its
   * chain (keys, export) must not come with it. Here the original's nested object is layered over
   * a layer that the merge extends, so the merge never walks the nested object itself.
   */
  @Test
  void aCopyMergedOverMoreLayersSeesThemWhateverTheOriginalHadCached() {
    Value a = object(Map.of("app", object(Map.of("name", scalar("a"), "only_a", scalar("1")))));
    Value c = object(Map.of("app", object(Map.of("port", scalar("3")))));
    c.merge(a);
    // the original works out its keys and its export (as a finished import's values are)
    assertThat(c.property("app").keys()).containsExactly("name", "only_a", "port");
    EscValue before = c.export();
    Value b = object(Map.of("app", object(Map.of("only_b", scalar("2")))));
    Value cc = Value.copy(c);
    cc.merge(b);
    assertThat(cc.property("app").keys()).containsExactly("name", "only_a", "only_b", "port");
    assertThat(((EscValue.Obj) ((EscValue.Obj) cc.export()).properties().get("app")).properties())
        .containsOnlyKeys("name", "only_a", "only_b", "port");
    // and the original is as it was
    assertThat(c.property("app").keys()).containsExactly("name", "only_a", "port");
    assertThat(c.export()).isEqualTo(before);
  }
}
