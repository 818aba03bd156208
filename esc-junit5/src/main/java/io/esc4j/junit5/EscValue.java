package io.esc4j.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects one value of the test's {@link EscEnvironment}, by property path, converted to the
 * parameter's type: {@code String}, {@code int} / {@code Integer}, {@code long} / {@code Long},
 * {@code boolean} / {@code Boolean}, {@code BigDecimal}, {@code Secret<String>} (for secret
 * values; a plain {@code String} parameter refuses them, as {@link
 * io.esc4j.OpenEnvironment#getString(String)} does) or {@link io.esc4j.EscValue} (the value
 * itself).
 *
 * <pre>{@code
 * @Test void connects(@EscValue("db.url") String url, @EscValue("db.password") Secret<String> pw) { ... }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface EscValue {
  /**
   * The property path.
   *
   * @return for example {@code db.url} or {@code hosts[0]}
   */
  String value();
}
