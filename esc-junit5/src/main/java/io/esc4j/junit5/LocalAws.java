package io.esc4j.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs an esc-testkit {@code LocalAwsServer} for the test class and points esc-aws at it, so that
 * {@code aws-login} (OIDC), {@code aws-secrets} and {@code aws-parameter-store} work offline.
 * Needs esc-aws and esc-testkit on the test classpath.
 *
 * <pre>{@code
 * @LocalAws
 * @EscEnvironment("myapp/test")
 * class AppTest {
 *   @BeforeAll static void seed(LocalAwsServer aws) { aws.secret("api-key", "test-key"); }
 *   @Test void reads(@EscValue("app.apiKey") Secret<String> key) { ... }
 * }
 * }</pre>
 *
 * <p>The extension starts the server before the class's {@code @BeforeAll} methods and stops it
 * after the class. Environments of the class are opened with an {@code AwsClientSettings} that
 * sends every AWS call to the server and an OIDC token source that mints tokens (RS256, ESC's
 * {@code aud} / {@code sub}) with a key the server trusts. Unless {@link #strictRoles()}, any role
 * ARN may be assumed; declare roles with trust conditions through {@code aws.role(...)} to test
 * them. Test and lifecycle methods may declare a {@code LocalAwsServer} parameter to seed data,
 * inject faults and read the request log.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EscExtension.class)
public @interface LocalAws {
  /**
   * The issuer URL of the tokens the test's environments send to STS.
   *
   * @return the issuer URL
   */
  String issuer() default "https://oidc.esc4j.test";

  /**
   * The organization used when {@link EscEnvironment#organization()} is empty ({@code aud} is
   * {@code aws:<organization>}).
   *
   * @return the organization
   */
  String organization() default "test-org";

  /**
   * The region of the STS client.
   *
   * @return the region
   */
  String stsRegion() default "us-east-1";

  /**
   * Whether only roles declared on the server may be assumed (an unknown role is then {@code
   * AccessDenied}, as on AWS).
   *
   * @return {@code true} for declared roles only
   */
  boolean strictRoles() default false;
}
