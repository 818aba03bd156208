package io.esc4j.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Opens an environment for a test: test and lifecycle methods may then declare an {@link
 * io.esc4j.OpenEnvironment} parameter and {@link EscValue}-annotated parameters.
 *
 * <pre>{@code
 * @EscEnvironment("myapp/test")
 * class RepositoryTest {
 *   @Test void connects(OpenEnvironment env, @EscValue("db.url") String url) { ... }
 * }
 * }</pre>
 *
 * <p>On a class it applies to every test (and to nested classes); on a method it overrides the
 * class's. The environment is opened on first use in each test (shared by its {@code @BeforeEach}
 * and {@code @AfterEach} methods) and closed after the test, which also deletes the files {@link
 * io.esc4j.OpenEnvironment#applyTo(ProcessBuilder)} wrote. Used in a {@code @BeforeAll} method, it
 * is opened once for the class and closed after it.
 *
 * <p>Documents come from the classpath root {@code environments} (for example {@code
 * src/test/resources/environments/myapp/test.yaml}) unless {@link #directory()} or {@link
 * #classpath()} says otherwise. Providers are found on the classpath; with {@link LocalAws} on the
 * class, esc-aws talks to the local endpoint.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EscExtension.class)
public @interface EscEnvironment {
  /**
   * The environment's name.
   *
   * @return for example {@code myapp/test}
   */
  String value();

  /**
   * A directory store (relative to the working directory, usually the module's), instead of the
   * classpath.
   *
   * @return the directory, or empty
   */
  String directory() default "";

  /**
   * The classpath root of the documents.
   *
   * @return the root; empty means {@code environments}
   */
  String classpath() default "";

  /**
   * The organization that opens ({@code ${context.pulumi.organization.login}}, and the {@code aud}
   * of OIDC tokens).
   *
   * @return the organization; empty means none, or {@link LocalAws#organization()} with {@link
   *     LocalAws}
   */
  String organization() default "";

  /**
   * The user that opens ({@code ${context.pulumi.user.login}}).
   *
   * @return the user login, or empty
   */
  String user() default "";
}
