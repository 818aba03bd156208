package io.esc4j.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code aws-login} asks an {@link OidcTokenSource} for: the facts from which the ESC claim
 * set is built. A source that mints its own tokens ({@link SelfHostedIssuer}) puts {@link
 * #audience()}, {@link #subject()} and {@link #extraClaims()} into the token; a source that reads
 * a token made elsewhere (a file, GitHub Actions) cannot, and must refuse a request that carries
 * {@link #subjectAttributes()}.
 *
 * <p>The claims follow Pulumi ESC's vendor-login token:
 *
 * <ul>
 *   <li>{@code aud} = {@code aws:<organization>}; for a legacy environment (one without a
 *       project, or in the project {@code default}) just {@code <organization>};
 *   <li>{@code sub} = {@code pulumi:environments:org:<organization>:env:<project>/<environment>}
 *       ({@code ...:env:<environment>} for a legacy environment), or, with subject attributes,
 *       {@code pulumi:environments:pulumi.organization.login:<organization>} followed by {@code
 *       :<attribute>:<value>} for each attribute in order;
 *   <li>{@code current_env}, {@code root_env}, {@code trigger_user}.
 * </ul>
 *
 * <p>Immutable and thread-safe. Empty strings stand for "not known".
 *
 * @param organization the organization that opens ({@code acme}); empty when unknown
 * @param user the login of the user that opens; empty when unknown
 * @param currentEnvironment the environment that declares the {@code fn::open::aws-login}
 * @param rootEnvironment the environment being opened
 * @param subjectAttributes the {@code subjectAttributes} input, in order; empty for the default
 *     subject
 */
public record OidcTokenRequest(
    String organization,
    String user,
    String currentEnvironment,
    String rootEnvironment,
    List<String> subjectAttributes) {

  /** The subject attributes ESC allows, and so the only ones esc4j accepts. */
  public static final List<String> ALLOWED_SUBJECT_ATTRIBUTES =
      List.of(
          "rootEnvironment.name",
          "currentEnvironment.name",
          "pulumi.user.login",
          "pulumi.organization.login");

  /**
   * Validates and copies.
   *
   * @param organization the organization, or empty
   * @param user the user login, or empty
   * @param currentEnvironment the environment that declares the login
   * @param rootEnvironment the environment being opened
   * @param subjectAttributes the subject attributes, in order
   * @throws IllegalArgumentException for a subject attribute outside {@link
   *     #ALLOWED_SUBJECT_ATTRIBUTES}
   */
  public OidcTokenRequest {
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(currentEnvironment, "currentEnvironment");
    Objects.requireNonNull(rootEnvironment, "rootEnvironment");
    subjectAttributes = List.copyOf(subjectAttributes);
    for (String a : subjectAttributes) {
      if (!ALLOWED_SUBJECT_ATTRIBUTES.contains(a)) {
        throw new IllegalArgumentException(
            "unknown subject attribute \"" + a + "\"; allowed: " + ALLOWED_SUBJECT_ATTRIBUTES);
      }
    }
  }

  /**
   * Whether the environment is a legacy one: no project, or the project {@code default}. Its
   * {@code aud} has no {@code aws:} prefix and its default {@code sub} leaves the project out.
   *
   * @return {@code true} for a legacy environment
   */
  public boolean legacyProject() {
    int slash = currentEnvironment.lastIndexOf('/');
    return slash < 0 || currentEnvironment.substring(0, slash).equals("default");
  }

  /**
   * The {@code aud} claim.
   *
   * @return {@code aws:<organization>}, or {@code <organization>} for a legacy environment
   * @throws IllegalStateException when the organization is not known
   */
  public String audience() {
    requireOrganization();
    return legacyProject() ? organization : "aws:" + organization;
  }

  /**
   * The {@code sub} claim.
   *
   * @return the subject in ESC's format
   * @throws IllegalStateException when the organization, or a value an attribute names, is not
   *     known
   */
  public String subject() {
    requireOrganization();
    if (subjectAttributes.isEmpty()) {
      return "pulumi:environments:org:" + organization + ":env:" + environmentInSubject(currentEnvironment);
    }
    StringBuilder sb =
        new StringBuilder("pulumi:environments:pulumi.organization.login:").append(organization);
    for (String a : subjectAttributes) {
      sb.append(':').append(a).append(':').append(attributeValue(a));
    }
    return sb.toString();
  }

  /**
   * The ESC claims beyond the registered ones: {@code current_env}, {@code root_env} and, when the
   * user is known, {@code trigger_user}.
   *
   * @return the claims, in that order
   */
  public Map<String, String> extraClaims() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("current_env", currentEnvironment);
    m.put("root_env", rootEnvironment);
    if (!user.isEmpty()) {
      m.put("trigger_user", user);
    }
    return m;
  }

  private String attributeValue(String attribute) {
    switch (attribute) {
      case "rootEnvironment.name":
        return environmentInSubject(rootEnvironment);
      case "currentEnvironment.name":
        return environmentInSubject(currentEnvironment);
      case "pulumi.user.login":
        if (user.isEmpty()) {
          throw new IllegalStateException(
              "subject attribute \"pulumi.user.login\" needs the user that opens: set"
                  + " EvalContext.user(...)");
        }
        return user;
      default:
        return organization;
    }
  }

  private static String environmentInSubject(String name) {
    int slash = name.lastIndexOf('/');
    if (slash >= 0 && name.substring(0, slash).equals("default")) {
      return name.substring(slash + 1);
    }
    return name;
  }

  private void requireOrganization() {
    if (organization.isEmpty()) {
      throw new IllegalStateException(
          "the OIDC token's aud and sub claims need the organization: set"
              + " EvalContext.organization(...) on the environment builder");
    }
  }
}
