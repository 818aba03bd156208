package io.esc4j;

import java.util.Objects;
import java.util.function.Function;

/**
 * A value that must not be printed: {@link #toString()} is always {@code "[secret]"}, and the
 * plaintext is reached only through {@link #reveal()}.
 *
 * <p>{@code equals} and {@code hashCode} are identity-free but compare the plaintext, so two
 * secrets with the same content are equal. Immutable and thread-safe when {@code T} is.
 *
 * @param <T> the type of the plaintext
 */
public final class Secret<T> {
  private final T value;

  private Secret(T value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /**
   * Wraps a plaintext value.
   *
   * @param value the plaintext
   * @param <T> its type
   * @return the secret
   */
  public static <T> Secret<T> of(T value) {
    return new Secret<>(value);
  }

  /**
   * Returns the plaintext. Do not log it.
   *
   * @return the plaintext
   */
  public T reveal() {
    return value;
  }

  /**
   * Transforms the plaintext, keeping the result secret.
   *
   * @param f the transformation
   * @param <R> the result type
   * @return the transformed secret
   */
  public <R> Secret<R> map(Function<? super T, ? extends R> f) {
    return new Secret<>(f.apply(value));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret<?> s && value.equals(s.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Returns {@code "[secret]"}, never the plaintext. */
  @Override
  public String toString() {
    return "[secret]";
  }
}
