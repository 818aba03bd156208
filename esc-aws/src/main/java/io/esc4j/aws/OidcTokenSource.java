package io.esc4j.aws;

import io.esc4j.aws.internal.TokenSources;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where {@code aws-login}'s OIDC login gets the web identity token it exchanges with STS {@code
 * AssumeRoleWithWebIdentity}.
 *
 * <p>In Pulumi ESC the token is minted by Pulumi Cloud; an embedded library must get it from where
 * the application runs. Register a source on the environment builder:
 *
 * <pre>{@code
 * Environment.builder()
 *     .service(OidcTokenSource.class, OidcTokenSource.ofFile(Path.of("/var/run/secrets/token")))
 *     .open("myapp/dev");
 * }</pre>
 *
 * <p>Without one, {@code aws-login} uses {@link #detect()}, which tries, in order: an explicit
 * token, file or supplier given to {@link #detector()}; {@code AWS_WEB_IDENTITY_TOKEN_FILE}; GitHub
 * Actions ({@code ACTIONS_ID_TOKEN_REQUEST_URL} + {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}); a
 * self-hosted issuer ({@link SelfHostedIssuer}, from the detector or from {@code ESC_OIDC_ISSUER} +
 * {@code ESC_OIDC_PRIVATE_KEY_FILE}).
 *
 * <p>Only a source that mints its own tokens can put ESC's {@code aud}/{@code sub} claims into
 * them ({@link #customizesClaims()}); a platform token is passed through as it is, and a request
 * with {@code subjectAttributes} is refused rather than silently ignored.
 *
 * <p>Implementations must be thread-safe and must never put a token into an exception message or
 * {@code toString()}.
 */
public interface OidcTokenSource {

  /** The variable naming a web identity token file (EKS IRSA, Kubernetes projected tokens). */
  String AWS_WEB_IDENTITY_TOKEN_FILE = "AWS_WEB_IDENTITY_TOKEN_FILE";
  /** The variable GitHub Actions sets to the token request URL (needs {@code id-token: write}). */
  String ACTIONS_ID_TOKEN_REQUEST_URL = "ACTIONS_ID_TOKEN_REQUEST_URL";
  /** The variable GitHub Actions sets to the bearer token for {@link #ACTIONS_ID_TOKEN_REQUEST_URL}. */
  String ACTIONS_ID_TOKEN_REQUEST_TOKEN = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
  /** The variable naming a self-hosted issuer URL, used together with {@link #ESC_OIDC_PRIVATE_KEY_FILE}. */
  String ESC_OIDC_ISSUER = "ESC_OIDC_ISSUER";
  /** The variable naming the PEM private key file of the self-hosted issuer. */
  String ESC_OIDC_PRIVATE_KEY_FILE = "ESC_OIDC_PRIVATE_KEY_FILE";

  /**
   * Returns a token for the request.
   *
   * @param request the claims {@code aws-login} wants
   * @return a compact JWT
   * @throws OidcTokenException when no token can be had; the message names the source and the
   *     cause, never the token
   */
  String token(OidcTokenRequest request) throws OidcTokenException;

  /**
   * Whether this source puts the request's {@code aud}, {@code sub} and extra claims into the
   * token. Only then are {@code subjectAttributes} allowed.
   *
   * @return {@code true} for a minting source; the default is {@code false}
   */
  default boolean customizesClaims() {
    return false;
  }

  /**
   * A short, secret-free description for error messages ({@code "token file /var/run/token"}).
   *
   * @return the description
   */
  String description();

  /**
   * A fixed token.
   *
   * @param jwt the compact JWT
   * @return the source
   */
  static OidcTokenSource ofToken(String jwt) {
    Objects.requireNonNull(jwt, "jwt");
    return ofSupplier(() -> jwt);
  }

  /**
   * A token read from a file on every use, so a rotated file is picked up.
   *
   * @param file the file holding the JWT
   * @return the source
   */
  static OidcTokenSource ofFile(Path file) {
    return new TokenSources.FileToken(Objects.requireNonNull(file, "file"), "token file " + file);
  }

  /**
   * A token from a supplier, called on every use.
   *
   * @param supplier returns a compact JWT
   * @return the source
   */
  static OidcTokenSource ofSupplier(Supplier<String> supplier) {
    return new TokenSources.SupplierToken(Objects.requireNonNull(supplier, "supplier"));
  }

  /**
   * GitHub Actions' token endpoint.
   *
   * @param requestUrl the value of {@code ACTIONS_ID_TOKEN_REQUEST_URL}
   * @param requestToken the value of {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}
   * @param audience the audience to request, or {@code null} to request the request's {@link
   *     OidcTokenRequest#audience()} ({@code aws:<org>})
   * @return the source
   */
  static OidcTokenSource githubActions(URI requestUrl, String requestToken, String audience) {
    return new TokenSources.GitHubActions(
        Objects.requireNonNull(requestUrl, "requestUrl"),
        Objects.requireNonNull(requestToken, "requestToken"),
        audience);
  }

  /**
   * Detects a source from the process environment, as {@code detector().build()} does.
   *
   * @return the first source that applies, or one that fails with a message listing what was
   *     tried
   */
  static OidcTokenSource detect() {
    return detector().build();
  }

  /**
   * A builder for {@link #detect()} with explicit choices and a replaceable environment.
   *
   * @return a new detector
   */
  static Detector detector() {
    return new Detector();
  }

  /**
   * Chooses an {@link OidcTokenSource}: explicit token, file or supplier first, then {@code
   * AWS_WEB_IDENTITY_TOKEN_FILE}, then GitHub Actions, then a self-hosted issuer. Not thread-safe;
   * the source it builds is.
   */
  final class Detector {
    private OidcTokenSource explicit;
    private SelfHostedIssuer selfHosted;
    private Map<String, String> environment = System.getenv();
    private String githubAudience;

    private Detector() {}

    /**
     * Uses a fixed token before anything else.
     *
     * @param jwt the compact JWT
     * @return this detector
     */
    public Detector token(String jwt) {
      return explicit(ofToken(jwt));
    }

    /**
     * Uses a token file before anything else.
     *
     * @param file the file
     * @return this detector
     */
    public Detector tokenFile(Path file) {
      return explicit(ofFile(file));
    }

    /**
     * Uses a token supplier before anything else.
     *
     * @param supplier the supplier
     * @return this detector
     */
    public Detector tokenSupplier(Supplier<String> supplier) {
      return explicit(ofSupplier(supplier));
    }

    private Detector explicit(OidcTokenSource source) {
      if (explicit != null) {
        throw new IllegalStateException("an explicit token source was already set: " + explicit.description());
      }
      explicit = source;
      return this;
    }

    /**
     * Uses a self-hosted issuer when no platform token is found.
     *
     * @param issuer the issuer
     * @return this detector
     */
    public Detector selfHosted(SelfHostedIssuer issuer) {
      this.selfHosted = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /**
     * Reads variables from this map instead of {@link System#getenv()}.
     *
     * @param variables the variables
     * @return this detector
     */
    public Detector environment(Map<String, String> variables) {
      this.environment = Map.copyOf(variables);
      return this;
    }

    /**
     * The audience to request from GitHub Actions instead of {@code aws:<org>} (for example
     * {@code sts.amazonaws.com}, the value AWS's own GitHub guide registers).
     *
     * @param audience the audience
     * @return this detector
     */
    public Detector githubAudience(String audience) {
      this.githubAudience = Objects.requireNonNull(audience, "audience");
      return this;
    }

    /**
     * Chooses the source.
     *
     * @return the first source that applies, or one whose {@code token} fails with a message
     *     listing what was tried
     * @throws IllegalArgumentException when {@code ESC_OIDC_PRIVATE_KEY_FILE} cannot be read
     */
    public OidcTokenSource build() {
      if (explicit != null) {
        return explicit;
      }
      List<String> tried = new ArrayList<>();
      String file = environment.get(AWS_WEB_IDENTITY_TOKEN_FILE);
      if (file != null && !file.isBlank()) {
        return new TokenSources.FileToken(Path.of(file), AWS_WEB_IDENTITY_TOKEN_FILE + " (" + file + ")");
      }
      tried.add(AWS_WEB_IDENTITY_TOKEN_FILE + " (not set)");
      String url = environment.get(ACTIONS_ID_TOKEN_REQUEST_URL);
      String bearer = environment.get(ACTIONS_ID_TOKEN_REQUEST_TOKEN);
      if (url != null && !url.isBlank() && bearer != null && !bearer.isBlank()) {
        return githubActions(URI.create(url), bearer, githubAudience);
      }
      tried.add("GitHub Actions (" + ACTIONS_ID_TOKEN_REQUEST_URL + " / " + ACTIONS_ID_TOKEN_REQUEST_TOKEN + " not set)");
      if (selfHosted != null) {
        return selfHosted;
      }
      String issuer = environment.get(ESC_OIDC_ISSUER);
      String key = environment.get(ESC_OIDC_PRIVATE_KEY_FILE);
      if (issuer != null && !issuer.isBlank() && key != null && !key.isBlank()) {
        return SelfHostedIssuer.builder().issuer(issuer).privateKeyPem(Path.of(key)).build();
      }
      tried.add("self-hosted issuer (" + ESC_OIDC_ISSUER + " / " + ESC_OIDC_PRIVATE_KEY_FILE + " not set)");
      return new TokenSources.Unavailable(tried);
    }
  }
}
