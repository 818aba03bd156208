package io.esc4j.aws.internal;

import java.util.Map;
import java.util.Optional;

/**
 * Reads the public claims {@code iss}, {@code aud} and {@code sub} of a JWT without verifying it,
 * to show in a trust-policy error what was sent. Those claims are not secret (AWS writes them to
 * CloudTrail); the token itself never leaves this class.
 *
 * @param issuer the {@code iss} claim, or empty
 * @param audience the {@code aud} claim (an array as comma-separated text), or empty
 * @param subject the {@code sub} claim, or empty
 */
public record JwtClaims(String issuer, String audience, String subject) {
  /**
   * Decodes a compact JWT's payload.
   *
   * @param jwt the token
   * @return the claims, empty strings for what could not be read
   */
  public static JwtClaims of(String jwt) {
    Optional<Map<String, JwtPayload.Claim>> claims = JwtPayload.claims(jwt);
    if (claims.isEmpty()) {
      return new JwtClaims("", "", "");
    }
    Map<String, JwtPayload.Claim> c = claims.get();
    return new JwtClaims(text(c, "iss"), text(c, "aud"), text(c, "sub"));
  }

  private static String text(Map<String, JwtPayload.Claim> claims, String name) {
    JwtPayload.Claim c = claims.get(name);
    return c == null ? "" : c.text();
  }

  /**
   * The issuer as IAM names the OIDC provider: host and path, without the scheme.
   *
   * @return for example {@code api.pulumi.com/oidc}
   */
  public String issuerHostPath() {
    return issuer.replaceFirst("^https?://", "");
  }

  /** Renders {@code iss="…", aud="…", sub="…"}. */
  @Override
  public String toString() {
    if (issuer.isEmpty() && audience.isEmpty() && subject.isEmpty()) {
      return "(the token's claims could not be read: it is not a JWT)";
    }
    return "iss=\"" + issuer + "\", aud=\"" + audience + "\", sub=\"" + subject + "\"";
  }
}
