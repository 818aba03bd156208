package io.esc4j.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IAM role of {@link LocalAwsServer}: which OIDC issuers it trusts, the conditions of its trust
 * policy on the token's {@code aud} and {@code sub}, and its maximum session duration.
 *
 * <pre>{@code
 * aws.role("arn:aws:iam::123456789012:role/app")
 *     .trustIssuer("https://issuer.example.com")
 *     .stringEquals("aud", "aws:acme")
 *     .stringLike("sub", "pulumi:environments:org:acme:env:*")
 *     .maxSessionDuration(Duration.ofHours(1));
 * }</pre>
 *
 * <p>Conditions work as in an IAM trust policy: the values of one condition are alternatives (any
 * may match), all conditions must hold. Keys may be written {@code aud} / {@code sub} or in IAM's
 * form {@code <issuer host/path>:aud}. {@code StringLike} patterns use {@code *} and {@code ?}.
 * Without {@link #trustIssuer(String)} the role trusts every registered issuer. Thread-safe.
 */
public final class Role {
  private final String arn;
  private final List<String> issuers = new ArrayList<>();
  private final List<Condition> conditions = new ArrayList<>();
  private volatile Duration maxSessionDuration = Duration.ofHours(1);

  /** One trust-policy condition. */
  record Condition(boolean like, String key, List<String> values) {
    boolean matches(List<String> claimValues) {
      for (String claim : claimValues) {
        for (String v : values) {
          if (like ? glob(v).matcher(claim).matches() : v.equals(claim)) {
            return true;
          }
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return (like ? "StringLike" : "StringEquals") + " " + key + " " + values;
    }
  }

  Role(String arn) {
    this.arn = Objects.requireNonNull(arn, "arn");
  }

  /**
   * The role's ARN.
   *
   * @return the ARN
   */
  public String arn() {
    return arn;
  }

  /**
   * Trusts an OIDC issuer (the trust policy's {@code Federated} principal). May be called for
   * several issuers.
   *
   * @param issuerUrl the issuer URL, as in the tokens' {@code iss}
   * @return this role
   */
  public synchronized Role trustIssuer(String issuerUrl) {
    issuers.add(stripSlash(Objects.requireNonNull(issuerUrl, "issuerUrl")));
    return this;
  }

  /**
   * Adds a {@code StringEquals} condition.
   *
   * @param key {@code aud}, {@code sub} or {@code <issuer host/path>:aud|sub}
   * @param values the accepted values (any of them)
   * @return this role
   */
  public synchronized Role stringEquals(String key, String... values) {
    conditions.add(new Condition(false, claimOf(key), List.of(values)));
    return this;
  }

  /**
   * Adds a {@code StringLike} condition ({@code *} matches any run of characters, {@code ?} one).
   *
   * @param key {@code aud}, {@code sub} or {@code <issuer host/path>:aud|sub}
   * @param patterns the accepted patterns (any of them)
   * @return this role
   */
  public synchronized Role stringLike(String key, String... patterns) {
    conditions.add(new Condition(true, claimOf(key), List.of(patterns)));
    return this;
  }

  /**
   * The role's maximum session duration (IAM's MaxSessionDuration): 1 to 12 hours, default 1 hour.
   *
   * @param max the maximum
   * @return this role
   */
  public Role maxSessionDuration(Duration max) {
    long s = max.getSeconds();
    if (s < 3600 || s > 43200) {
      throw new IllegalArgumentException("MaxSessionDuration must be between 1 and 12 hours, was " + max);
    }
    this.maxSessionDuration = max;
    return this;
  }

  /**
   * The maximum session duration.
   *
   * @return the duration
   */
  public Duration maxSessionDuration() {
    return maxSessionDuration;
  }

  synchronized List<String> issuers() {
    return List.copyOf(issuers);
  }

  synchronized List<Condition> conditions() {
    return List.copyOf(conditions);
  }

  @Override
  public synchronized String toString() {
    return "Role[" + arn + ", issuers=" + issuers + ", conditions=" + conditions + ", max=" + maxSessionDuration + "]";
  }

  static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String claimOf(String key) {
    Objects.requireNonNull(key, "key");
    String claim = key.substring(key.lastIndexOf(':') + 1);
    if (!claim.equals("aud") && !claim.equals("sub") && !claim.equals("amr") && !claim.equals("azp")) {
      throw new IllegalArgumentException("condition key must be aud, sub, azp or amr (optionally prefixed"
          + " with <issuer host/path>:), was \"" + key + "\"");
    }
    return claim;
  }

  static Pattern glob(String pattern) {
    StringBuilder re = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
