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
}
