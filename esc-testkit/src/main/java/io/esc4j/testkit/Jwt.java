package io.esc4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Web identity token checks with jjwt. Internal. */
final class Jwt {
  private Jwt() {}

  /** A token's unverified header and claims, to find the issuer. */
  record Unverified(String alg, String kid, String issuer) {}

  static Map<String, PublicKey> parseJwks(String json) {
    JwkSet set = Jwks.setParser().build().parse(json);
    Map<String, PublicKey> keys = new HashMap<>();
    for (Jwk<?> jwk : set.getKeys()) {
      Key k = jwk.toKey();
      if (k instanceof RSAPublicKey pub) {
        keys.put(jwk.getId() == null ? "" : jwk.getId(), pub);
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("the JWKS holds no RSA public key");
    }
    return keys;
  }

  static Unverified peek(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw invalid("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)");
    }
    try {
      JsonNode header = Json.MAPPER.readTree(decode(parts[0]));
      JsonNode claims = Json.MAPPER.readTree(decode(parts[1]));
      if (header == null || claims == null || !header.isObject() || !claims.isObject()) {
        throw invalid("The ID Token provided is not a valid JWT.");
      }
      return new Unverified(header.path("alg").asText(""), header.path("kid").asText(null),
          claims.path("iss").asText(""));
    } catch (IOException | IllegalArgumentException e) {
      throw invalid("The ID Token provided is not a valid JWT.");
    }
  }

  /**
   * Verifies the signature with the issuer's keys, then {@code exp} and {@code nbf} by the clock.
   *
   * @return the claims
   */
  static Claims verify(String token, Unverified u, Map<String, PublicKey> keys, Clock clock, long skewSeconds) {
    if (!u.alg().equals("RS256")) {
      throw invalid("Unsupported token signing algorithm \"" + u.alg() + "\": only RS256 is supported.");
    }
    PublicKey key = u.kid() != null ? keys.get(u.kid()) : keys.size() == 1 ? keys.values().iterator().next() : null;
    if (key == null) {
      throw invalid("No key in the issuer's JWKS matches the token's kid \"" + u.kid() + "\".");
    }
    try {
      Jws<Claims> jws = Jwts.parser().verifyWith(key).clock(() -> Date.from(clock.instant()))
          .clockSkewSeconds(skewSeconds).build()
          .parseSignedClaims(token);
      return jws.getPayload();
    } catch (ExpiredJwtException e) {
      long now = clock.instant().getEpochSecond();
      long exp = e.getClaims().getExpiration().toInstant().getEpochSecond();
      throw new AwsError(400, "ExpiredTokenException", "Token expired: current date/time " + now
          + " must be before the expiration date/time" + exp);
    } catch (PrematureJwtException e) {
      throw invalid("Token is not yet valid: its nbf is later than the current time.");
    } catch (io.jsonwebtoken.security.SignatureException e) {
      throw invalid("The signature of the web identity token could not be verified with the issuer's JWKS.");
    } catch (JwtException | IllegalArgumentException e) {
      throw invalid("The ID Token provided is not valid: " + e.getClass().getSimpleName());
    }
  }

  static List<String> audiences(Claims c) {
    Collection<String> aud = c.getAudience();
    return aud == null ? List.of() : new ArrayList<>(aud);
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }

  static AwsError invalid(String message) {
    return new AwsError(400, "InvalidIdentityToken", message);
  }
}
