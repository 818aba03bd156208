package io.esc4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who opens an environment: the organization, the user, and any further values a document can
 * read as {@code ${context...}}.
 *
 * <p>The organization feeds {@code ${context.pulumi.organization.login}} and the OIDC audience of
 * cloud logins; the user feeds {@code ${context.pulumi.user.login}}. {@code currentEnvironment} and
 * {@code rootEnvironment} are added by the evaluator. Immutable; the {@code withX} methods return
 * copies.
 *
 * @param organization the organization name, or empty
 * @param user the user name, or empty
 * @param values extra context values (must not use the reserved keys {@code currentEnvironment}
 *     and {@code rootEnvironment})
 */
public record EvalContext(String organization, String user, Map<String, EscValue> values) {
  /** Validates and copies. */
  public EvalContext {
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(user, "user");
    values = Map.copyOf(values);
    for (String k : values.keySet()) {
      if (k.equals("currentEnvironment") || k.equals("rootEnvironment")) {
        throw new IllegalArgumentException("reserved context key: \"" + k + "\"");
      }
    }
  }

  /**
   * The empty context: no organization, no user.
   *
   * @return the empty context
   */
  public static EvalContext empty() {
    return new EvalContext("", "", Map.of());
  }

  /**
   * A context for an organization.
   *
   * @param organization the organization name
   * @return the context
   */
  public static EvalContext organization(String organization) {
    return empty().withOrganization(organization);
  }

  /**
   * Returns a copy with the organization set.
   *
   * @param org the organization name
   * @return the copy
   */
  public EvalContext withOrganization(String org) {
    return new EvalContext(org, user, values);
  }

  /**
   * Returns a copy with the user set.
   *
   * @param userName the user name
   * @return the copy
   */
  public EvalContext user(String userName) {
    return new EvalContext(organization, userName, values);
  }

  /**
   * Returns a copy with one more top-level context value.
   *
   * @param key the key under {@code context}
   * @param value the value
   * @return the copy
   */
  public EvalContext with(String key, EscValue value) {
    Map<String, EscValue> m = new LinkedHashMap<>(values);
    m.put(key, value);
    return new EvalContext(organization, user, m);
  }

  /**
   * Returns the organization, if set.
   *
   * @return the organization
   */
  public Optional<String> organizationName() {
    return organization.isEmpty() ? Optional.empty() : Optional.of(organization);
  }

  /**
   * The context object as a document sees it (without the per-environment names): {@code
   * pulumi.organization.login}, {@code pulumi.user.login} and the extra values.
   *
   * @return the object
   */
  public EscValue.Obj toValue() {
    Map<String, EscValue> m = new LinkedHashMap<>(values);
    if (!organization.isEmpty() || !user.isEmpty()) {
      Map<String, EscValue> pulumi = new LinkedHashMap<>();
      if (values.get("pulumi") instanceof EscValue.Obj p) {
        pulumi.putAll(p.properties());
      }
      if (!organization.isEmpty()) {
        pulumi.put("organization", EscValue.Obj.of(Map.of("login", EscValue.Str.of(organization))));
      }
      if (!user.isEmpty()) {
        pulumi.put("user", EscValue.Obj.of(Map.of("login", EscValue.Str.of(user))));
      }
      m.put("pulumi", EscValue.Obj.of(pulumi));
    }
    return EscValue.Obj.of(m);
  }
}
