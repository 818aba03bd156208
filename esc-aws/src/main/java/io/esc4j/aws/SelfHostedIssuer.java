package io.esc4j.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.esc4j.aws.internal.Pem;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.RsaPublicJwk;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An OIDC issuer run by the application itself: esc4j signs the web identity token (RS256, the
 * only algorithm AWS STS accepts) with the ESC claim set, and publishes what AWS IAM needs to trust
 * it, the discovery document and the JWKS.
 *
 * <p>Tokens carry {@code iss} (this issuer), {@code aud} and {@code sub} as {@link
 * OidcTokenRequest} builds them, integer {@code iat}, {@code nbf}, {@code exp}, a random {@code
 * jti}, and ESC's {@code current_env}, {@code root_env} and {@code trigger_user}. The header names
 * the key by {@code kid}, its RFC 7638 thumbprint.
 *
 * <p>To let AWS trust it, host {@link #discoveryDocument()} at {@code
 * <issuer>/.well-known/openid-configuration} and {@link #jwks()} at {@code
 * <issuer>/.well-known/jwks} over HTTPS ({@link #writeWellKnown(Path)} writes both as files for a
 * static site; {@link #httpHandler()} serves them from a JDK {@code HttpServer}), then register an
 * IAM OIDC provider with the issuer URL and the audience {@code aws:<org>}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the private key.
 */
public final class SelfHostedIssuer implements OidcTokenSource {
  /** The path of the discovery document below the issuer URL. */
  public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
  /** The path of the JWKS below the issuer URL. */
  public static final String JWKS_PATH = "/.well-known/jwks";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI issuer;
  private final RSAPrivateKey privateKey;
  private final RsaPublicJwk jwk;
  private final List<RsaPublicJwk> published;
  private final Duration lifetime;
  private final Clock clock;
  private final String discovery;
  private final String jwks;

  private SelfHostedIssuer(Builder b) {
    this.issuer = b.issuer;
    this.privateKey = b.privateKey;
    this.jwk = toJwk(b.publicKey);
    List<RsaPublicJwk> keys = new ArrayList<>();
    keys.add(jwk);
    for (RSAPublicKey extra : b.additionalKeys) {
      keys.add(toJwk(extra));
    }
    this.published = List.copyOf(keys);
    this.lifetime = b.lifetime;
    this.clock = b.clock;
    this.discovery = buildDiscovery();
    this.jwks = buildJwks();
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Generates a 2048-bit RSA key pair for a new issuer.
   *
   * @return the key pair
   */
  public static java.security.KeyPair generateKeyPair() {
    return Jwts.SIG.RS256.keyPair().build();
  }

  /**
   * Writes a private key as a PKCS#8 PEM file readable only by its owner (where the file system
   * supports POSIX permissions).
   *
   * @param keyPair the key pair
   * @param file the file to create or replace
   * @throws UncheckedIOException when the file cannot be written
   */
  public static void writePrivateKeyPem(java.security.KeyPair keyPair, Path file) {
    try {
      Files.writeString(file, "", StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: keep the default permissions
      }
      Files.writeString(file, Pem.toPem(keyPair.getPrivate()), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the key file " + file, e);
    }
  }

  /**
   * The issuer URL, the {@code iss} claim.
   *
   * @return the URL, without a trailing slash
   */
  public URI issuer() {
    return issuer;
  }

  /**
   * The URL of the JWKS.
   *
   * @return {@code <issuer>/.well-known/jwks}
   */
  public URI jwksUri() {
    return URI.create(issuer + JWKS_PATH);
  }

  /**
   * The {@code kid} of the signing key.
   *
   * @return the key id (the RFC 7638 SHA-256 thumbprint)
   */
  public String keyId() {
    return jwk.getId();
  }

  /**
   * How long a minted token is valid.
   *
   * @return the lifetime
   */
  public Duration tokenLifetime() {
    return lifetime;
  }

  /**
   * The OIDC discovery document ({@code issuer}, {@code jwks_uri}, {@code
   * response_types_supported}, {@code subject_types_supported}, {@code
   * id_token_signing_alg_values_supported}, {@code claims_supported}).
   *
   * @return the JSON text
   */
  public String discoveryDocument() {
    return discovery;
  }

  /**
   * The JWKS: the signing key and any additional published keys, public parts only.
   *
   * @return the JSON text {@code {"keys":[...]}}
   */
  public String jwks() {
    return jwks;
  }

  /**
   * Mints a token.
   *
   * @param request the claims wanted
   * @return the compact, signed JWT
   * @throws OidcTokenException when the request lacks what the claims need (the organization)
   */
  public String mint(OidcTokenRequest request) throws OidcTokenException {
    Objects.requireNonNull(request, "request");
    String aud;
    String sub;
    try {
      aud = request.audience();
      sub = request.subject();
    } catch (IllegalStateException e) {
      throw new OidcTokenException(e.getMessage(), "", null);
    }
    Instant now = clock.instant();
    Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
    var builder =
        Jwts.builder()
            .header()
            .keyId(jwk.getId())
            .type("JWT")
            .and()
            .issuer(issuer.toString())
            .subject(sub);
    builder = singleAudience(builder, aud);
    builder =
        builder
            .issuedAt(Date.from(iat))
            .notBefore(Date.from(iat))
            .expiration(Date.from(iat.plus(lifetime)))
            .id(UUID.randomUUID().toString());
    for (Map.Entry<String, String> c : request.extraClaims().entrySet()) {
      builder = builder.claim(c.getKey(), c.getValue());
    }
    return builder.signWith(privateKey, Jwts.SIG.RS256).compact();
  }

  // aud as one string, like Pulumi's token; jjwt marks single() deprecated only to steer new code
  // towards arrays, and AWS accepts either form.
  @SuppressWarnings("deprecation")
  private static io.jsonwebtoken.JwtBuilder singleAudience(io.jsonwebtoken.JwtBuilder b, String aud) {
    return b.audience().single(aud);
  }

  @Override
  public String token(OidcTokenRequest request) throws OidcTokenException {
    return mint(request);
  }

  @Override
  public boolean customizesClaims() {
    return true;
  }

  @Override
  public String description() {
    return "self-hosted issuer " + issuer;
  }

  /**
   * Writes the discovery document and the JWKS below a directory that is served at the issuer URL:
   * {@code dir/.well-known/openid-configuration} and {@code dir/.well-known/jwks}.
   *
   * @param dir the directory served at the issuer URL
   * @return the two files written
   * @throws UncheckedIOException when a file cannot be written
   */
  public List<Path> writeWellKnown(Path dir) {
    try {
      Path wk = dir.resolve(".well-known");
      Files.createDirectories(wk);
      Path d = wk.resolve("openid-configuration");
      Path j = wk.resolve("jwks");
      Files.writeString(d, discovery, StandardCharsets.UTF_8);
      Files.writeString(j, jwks, StandardCharsets.UTF_8);
      return List.of(d, j);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the issuer's documents below " + dir, e);
    }
  }

  /**
   * An {@link HttpHandler} for a JDK {@code HttpServer} that answers {@code GET} (and {@code
   * HEAD}) for the discovery document and the JWKS, whatever context path it is mounted at, and
   * 404 for anything else. Put a TLS terminator (or an {@code HttpsServer}) in front: AWS fetches
   * them over HTTPS.
   *
   * @return the handler
   */
  public HttpHandler httpHandler() {
    byte[] d = discovery.getBytes(StandardCharsets.UTF_8);
    byte[] j = jwks.getBytes(StandardCharsets.UTF_8);
    return exchange -> {
      try (HttpExchange ex = exchange) {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        byte[] body = path.endsWith(DISCOVERY_PATH) ? d : path.endsWith(JWKS_PATH) ? j : null;
        if (body == null) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
          ex.getResponseHeaders().set("Allow", "GET, HEAD");
          ex.sendResponseHeaders(405, -1);
          return;
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "public, max-age=300");
        if (method.equals("HEAD")) {
          ex.sendResponseHeaders(200, -1);
          return;
        }
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream os = ex.getResponseBody()) {
          os.write(body);
        }
      }
    };
  }

  /** Names the issuer and the key id; never key material. */
  @Override
  public String toString() {
    return "SelfHostedIssuer[" + issuer + ", kid=" + jwk.getId() + "]";
  }

  private String buildDiscovery() {
    ObjectNode o = JSON.createObjectNode();
    o.put("issuer", issuer.toString());
    o.put("jwks_uri", jwksUri().toString());
    o.putArray("response_types_supported").add("id_token");
    o.putArray("subject_types_supported").add("public");
    o.putArray("id_token_signing_alg_values_supported").add("RS256");
    ArrayNode claims = o.putArray("claims_supported");
    for (String c :
        List.of("aud", "exp", "iat", "iss", "jti", "nbf", "sub", "current_env", "root_env", "trigger_user")) {
      claims.add(c);
    }
    return o.toString();
  }

  private String buildJwks() {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode keys = o.putArray("keys");
    for (RsaPublicJwk k : published) {
      try {
        keys.add(JSON.readTree(Jwks.json(k)));
      } catch (IOException e) {
        throw new IllegalStateException("jjwt produced a JWK that is not JSON", e);
      }
    }
    return o.toString();
  }

  private static RsaPublicJwk toJwk(RSAPublicKey key) {
    return Jwks.builder().key(key).idFromThumbprint().publicKeyUse("sig").algorithm("RS256").build();
  }

  /** Builds a {@link SelfHostedIssuer}. Not thread-safe. */
  public static final class Builder {
    private URI issuer;
    private RSAPrivateKey privateKey;
    private RSAPublicKey publicKey;
    private final List<RSAPublicKey> additionalKeys = new ArrayList<>();
    private Duration lifetime = Duration.ofMinutes(5);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The issuer URL: {@code https}, or {@code http} on a loopback host for tests. It is the
     * {@code iss} claim and the URL to register with AWS IAM.
     *
     * @param url the URL
     * @return this builder
     * @throws IllegalArgumentException when the URL is not acceptable
     */
    public Builder issuer(String url) {
      Objects.requireNonNull(url, "url");
      String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      URI parsed;
      try {
        parsed = URI.create(u);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("issuer \"" + url + "\" is not a URL");
      }
      String scheme = parsed.getScheme();
      String host = parsed.getHost();
      boolean loopback =
          host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
      if (host == null || !("https".equals(scheme) || ("http".equals(scheme) && loopback))) {
        throw new IllegalArgumentException(
            "issuer \"" + url + "\" must be an https URL (AWS IAM fetches its keys over HTTPS); http is"
                + " allowed only on a loopback host");
      }
      if (parsed.getQuery() != null || parsed.getFragment() != null) {
        throw new IllegalArgumentException("issuer \"" + url + "\" must not have a query or a fragment");
      }
      this.issuer = parsed;
      return this;
    }

    /**
     * The signing key pair (RSA, at least 2048 bits).
     *
     * @param keyPair the key pair
     * @return this builder
     */
    public Builder keyPair(java.security.KeyPair keyPair) {
      Objects.requireNonNull(keyPair, "keyPair");
      if (!(keyPair.getPrivate() instanceof RSAPrivateKey priv)
          || !(keyPair.getPublic() instanceof RSAPublicKey pub)) {
        throw new IllegalArgumentException("the key pair must be RSA: AWS STS accepts only RS256 tokens");
      }
      this.privateKey = priv;
      this.publicKey = pub;
      return this;
    }

    /**
     * The signing key, read from a PEM file ({@code BEGIN PRIVATE KEY} or {@code BEGIN RSA
     * PRIVATE KEY}); the public key is derived from it.
     *
     * @param file the PEM file
     * @return this builder
     * @throws IllegalArgumentException when the file cannot be read or holds no RSA private key
     */
    public Builder privateKeyPem(Path file) {
      Objects.requireNonNull(file, "file");
      String text;
      try {
        text = Files.readString(file, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new IllegalArgumentException("could not read the private key file " + file + ": " + e.getClass().getSimpleName());
      }
      RSAPrivateCrtKey key;
      try {
        key = Pem.parseRsaPrivateKey(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("private key file " + file + ": " + e.getMessage());
      }
      this.privateKey = key;
      this.publicKey = Pem.publicKeyOf(key);
      return this;
    }

    /**
     * Publishes another public key in the JWKS (the previous key during a rotation, kept until
     * the tokens it signed have expired).
     *
     * @param key the public key
     * @return this builder
     */
    public Builder additionalPublicKey(RSAPublicKey key) {
      additionalKeys.add(Objects.requireNonNull(key, "key"));
      return this;
    }

    /**
     * How long minted tokens are valid; the default, 5 minutes, is plenty, since a token is used
     * once, for the STS call.
     *
     * @param tokenLifetime between 1 minute and 1 hour
     * @return this builder
     */
    public Builder tokenLifetime(Duration tokenLifetime) {
      Objects.requireNonNull(tokenLifetime, "tokenLifetime");
      if (tokenLifetime.compareTo(Duration.ofMinutes(1)) < 0 || tokenLifetime.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("tokenLifetime must be between 1m and 1h, was " + tokenLifetime);
      }
      this.lifetime = tokenLifetime;
      return this;
    }

    /**
     * The clock for {@code iat}/{@code nbf}/{@code exp}.
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Builds the issuer.
     *
     * @return the issuer
     * @throws IllegalStateException when the issuer URL or the key is missing
     */
    public SelfHostedIssuer build() {
      if (issuer == null) {
        throw new IllegalStateException("issuer(...) is required");
      }
      if (privateKey == null) {
        throw new IllegalStateException("keyPair(...) or privateKeyPem(...) is required");
      }
      if (publicKey.getModulus().bitLength() < 2048) {
        throw new IllegalArgumentException(
            "the RSA key has " + publicKey.getModulus().bitLength() + " bits; RS256 needs at least 2048");
      }
      return new SelfHostedIssuer(this);
    }
  }
}
