package io.esc4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Objects keep their keys in code-point order and cannot be changed, however they were made. */
class EscValueObjTest {
  @Test
  void aBuilderKeepsPropertiesPutInOrderAndSortsOthers() {
    EscValue.Obj inOrder = EscValue.Obj.builder(2).put("a", EscValue.Str.of("1")).put("b", EscValue.Str.of("2"))
        .build(false);
    EscValue.Obj outOfOrder = EscValue.Obj.builder(2).put("b", EscValue.Str.of("2")).put("a", EscValue.Str.of("1"))
        .build(false);
    assertThat(inOrder.properties().keySet()).containsExactly("a", "b");
    assertThat(outOfOrder.properties().keySet()).containsExactly("a", "b");
    assertThat(outOfOrder).isEqualTo(inOrder).hasSameHashCodeAs(inOrder);
    assertThat(inOrder).isEqualTo(EscValue.Obj.of(Map.of("b", EscValue.Str.of("2"), "a", EscValue.Str.of("1"))));
  }

  @Test
  void aKeyPutTwiceTakesTheLastValue() {
    EscValue.Obj o = EscValue.Obj.builder(2).put("a", EscValue.Str.of("1")).put("a", EscValue.Str.of("2"))
        .build(true);
    assertThat(o.properties()).containsExactly(Map.entry("a", EscValue.Str.of("2")));
    assertThat(o.secret()).isTrue();
  }

  @Test
  void aBuilderBuildsOnceAndItsObjectCannotBeChanged() {
    EscValue.Obj.Builder b = EscValue.Obj.builder(1).put("a", EscValue.Str.of("1"));
    EscValue.Obj o = b.build(false);
    assertThatThrownBy(() -> b.put("b", EscValue.Str.of("2"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.build(false)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> o.properties().put("b", EscValue.Str.of("2")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> o.properties().entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(o.properties()).hasSize(1);
  }

  @Test
  void theConstructorCopiesWhatItIsGiven() {
    Map<String, EscValue> m = new LinkedHashMap<>();
    m.put("z", EscValue.Str.of("1"));
    m.put("a", EscValue.Str.of("2"));
    EscValue.Obj o = EscValue.Obj.of(m);
    m.put("b", EscValue.Str.of("3"));
    assertThat(o.properties().keySet()).containsExactly("a", "z");
    assertThat(((EscValue.Obj) o.withSecret(true)).properties()).isEqualTo(o.properties());
  }

  /**
   * The properties behave as an unmodifiable sorted map for few keys (scanned) and many (searched):
   * lookups of present, absent and non-string keys, iteration, equality with a hash map of the
   * same entries, and no way to change them.
   */
  @Test
  void propertiesAreAnUnmodifiableSortedMapForFewAndManyKeys() {
    for (int n : new int[] {0, 1, 8, 9, 1000}) {
      Map<String, EscValue> expected = new java.util.TreeMap<>(EscValue.Obj.KEY_ORDER);
      EscValue.Obj.Builder b = EscValue.Obj.builder(n / 2); // grows past its expected size
      for (int i = 0; i < n; i++) {
        expected.put("k" + i, EscValue.Str.of("v" + i));
      }
      expected.forEach(b::put);
      Map<String, EscValue> p = b.build(false).properties();
      Map<String, EscValue> q = EscValue.Obj.of(new java.util.HashMap<>(expected)).properties();
      for (Map<String, EscValue> m : java.util.List.of(p, q)) {
        assertThat(m).hasSize(n).isEqualTo(expected).hasSameHashCodeAs(new java.util.HashMap<>(expected));
        assertThat(m.keySet()).containsExactlyElementsOf(expected.keySet());
        assertThat(m.values()).containsExactlyElementsOf(expected.values());
        assertThat(m.entrySet()).containsExactlyElementsOf(expected.entrySet());
        for (int i = 0; i < n; i++) {
          assertThat(m.get("k" + i)).isEqualTo(EscValue.Str.of("v" + i));
          assertThat(m.containsKey("k" + i)).isTrue();
          assertThat(m.keySet().contains("k" + i)).isTrue();
        }
        for (Object absent : new Object[] {"k", "k" + n, "k00", "", "\uffff", 1, null}) {
          assertThat(m.get(absent)).as("%s", absent).isNull();
          assertThat(m.containsKey(absent)).isFalse();
        }
        if (n > 0) {
          assertThatThrownBy(() -> m.remove("k0")).isInstanceOf(UnsupportedOperationException.class);
          assertThatThrownBy(() -> m.entrySet().iterator().next().setValue(EscValue.Str.of("x")))
              .isInstanceOf(UnsupportedOperationException.class);
          assertThatThrownBy(() -> {
            java.util.Iterator<String> it = m.keySet().iterator();
            it.next();
            it.remove();
          }).isInstanceOf(UnsupportedOperationException.class);
          assertThatThrownBy(() -> m.values().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThatThrownBy(() -> m.put("new", EscValue.Str.of("x"))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(m).hasSize(n);
      }
    }
  }

  @Test
  void aBuilderGivenKeysOutOfOrderAfterManyInOrderStillSortsAndReplaces() {
    EscValue.Obj.Builder b = EscValue.Obj.builder(0);
    for (int i = 10; i < 30; i++) {
      b.put("k" + i, EscValue.Str.of("v" + i));
    }
    b.put("k15", EscValue.Str.of("again")).put("a", EscValue.Str.of("first"));
    Map<String, EscValue> p = b.build(false).properties();
    assertThat(p).hasSize(21);
    assertThat(p.keySet()).first().isEqualTo("a");
    assertThat(new java.util.ArrayList<>(p.keySet())).isSortedAccordingTo(EscValue.Obj.KEY_ORDER);
    assertThat(p.get("k15")).isEqualTo(EscValue.Str.of("again"));
  }
}
