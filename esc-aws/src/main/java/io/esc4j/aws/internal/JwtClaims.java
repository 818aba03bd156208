package io.esc4j.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

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
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Decodes a compact JWT's payload.
   *
   * @param jwt the token
   * @return the claims, empty strings for what could not be read
   */
  public static JwtClaims of(String jwt) {
    try {
      String[] parts = jwt.split("\\.");
      if (parts.length < 2) {
        return new JwtClaims("", "", "");
      }
      JsonNode p = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      return new JwtClaims(text(p.get("iss")), text(p.get("aud")), text(p.get("sub")));
    } catch (Exception e) {
      return new JwtClaims("", "", "");
    }
  }

  private static String text(JsonNode n) {
    if (n == null) {
      return "";
    }
    if (n.isArray()) {
      StringBuilder sb = new StringBuilder();
      n.forEach(x -> sb.append(sb.length() == 0 ? "" : ",").append(x.asText()));
      return sb.toString();
    }
    return n.asText();
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
