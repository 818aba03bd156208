package io.esc4j.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfHostedIssuerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.security.KeyPair KEYS = SelfHostedIssuer.generateKeyPair();
  private static HttpServer server;
  private static SelfHostedIssuer issuer;
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  @BeforeAll
  static void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/esc";
    issuer = SelfHostedIssuer.builder().issuer(url).keyPair(KEYS).clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
    server.createContext("/esc/", issuer.httpHandler());
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static String get(URI uri) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(uri.toString()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return r.body();
  }

  @Test
  void everyClaimAndTheSignatureVerifiedAgainstThePublishedJwks() throws Exception {
    OidcTokenRequest req = new OidcTokenRequest("acme", "alice", "aws/login", "myapp/dev",
        List.of("currentEnvironment.name", "pulumi.user.login"));
    String jwt = issuer.mint(req);

    // discover the JWKS exactly as AWS does: issuer -> openid-configuration -> jwks_uri
    JsonNode discovery = JSON.readTree(get(URI.create(issuer.issuer() + "/.well-known/openid-configuration")));
    assertThat(discovery.get("issuer").asText()).isEqualTo(issuer.issuer().toString());
    assertThat(discovery.get("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"RS256\"]");
    assertThat(discovery.get("response_types_supported").toString()).isEqualTo("[\"id_token\"]");
    assertThat(discovery.get("subject_types_supported").toString()).isEqualTo("[\"public\"]");
    String jwksText = get(URI.create(discovery.get("jwks_uri").asText()));
    JwkSet jwks = Jwks.setParser().build().parse(jwksText);
    JsonNode jwksJson = JSON.readTree(jwksText).get("keys").get(0);
    assertThat(jwksJson.get("kty").asText()).isEqualTo("RSA");
    assertThat(jwksJson.get("use").asText()).isEqualTo("sig");
    assertThat(jwksJson.get("alg").asText()).isEqualTo("RS256");
    assertThat(jwksJson.has("d")).as("no private part").isFalse();

    Jws<Claims> jws = Jwts.parser()
        .clock(() -> java.util.Date.from(NOW.plusSeconds(30)))
        .keyLocator(h -> {
          String kid = ((io.jsonwebtoken.ProtectedHeader) h).getKeyId();
          for (Jwk<?> k : jwks.getKeys()) {
            if (k.getId().equals(kid)) {
              return (Key) k.toKey();
            }
          }
          throw new AssertionError("kid " + kid + " is not in the JWKS");
        })
        .requireIssuer(issuer.issuer().toString())
        .build()
        .parseSignedClaims(jwt);
    assertThat(jws.getHeader().getAlgorithm()).isEqualTo("RS256");
    assertThat(jws.getHeader().getKeyId()).isEqualTo(issuer.keyId());
    assertThat(jws.getHeader().getType()).isEqualTo("JWT");

    // the raw payload: aud is one string, timestamps are integers
    JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    assertThat(payload.get("aud").isTextual()).isTrue();
    assertThat(payload.get("aud").asText()).isEqualTo("aws:acme");
    assertThat(payload.get("iss").asText()).isEqualTo(issuer.issuer().toString());
    assertThat(payload.get("sub").asText()).isEqualTo(
        "pulumi:environments:pulumi.organization.login:acme:currentEnvironment.name:aws/login:pulumi.user.login:alice");
    assertThat(payload.get("iat").isIntegralNumber()).isTrue();
    assertThat(payload.get("iat").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(payload.get("nbf").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(payload.get("exp").asLong()).isEqualTo(NOW.plus(Duration.ofMinutes(5)).getEpochSecond());
    assertThat(payload.get("jti").asText()).hasSize(36);
    assertThat(payload.get("current_env").asText()).isEqualTo("aws/login");
    assertThat(payload.get("root_env").asText()).isEqualTo("myapp/dev");
    assertThat(payload.get("trigger_user").asText()).isEqualTo("alice");
    assertThat(jwt.length()).isBetween(4, 20000);

    // a second token has a new jti
    String other = issuer.mint(req);
    assertThat(JSON.readTree(Base64.getUrlDecoder().decode(other.split("\\.")[1])).get("jti").asText())
        .isNotEqualTo(payload.get("jti").asText());
  }

  @Test
  void aTokenSignedByAnotherKeyFailsVerification() throws Exception {
    SelfHostedIssuer impostor = SelfHostedIssuer.builder().issuer(issuer.issuer().toString())
        .keyPair(SelfHostedIssuer.generateKeyPair()).build();
    String jwt = impostor.mint(new OidcTokenRequest("acme", "", "a/b", "a/b", List.of()));
    JwkSet jwks = Jwks.setParser().build().parse(issuer.jwks());
    Key published = (Key) jwks.getKeys().iterator().next().toKey();
    assertThatThrownBy(() -> Jwts.parser().verifyWith((java.security.PublicKey) published).build()
        .parseSignedClaims(jwt)).isInstanceOf(io.jsonwebtoken.security.SignatureException.class);
  }

  @Test
  void handlerAnswers404And405() throws Exception {
    HttpClient c = HttpClient.newHttpClient();
    String base = issuer.issuer().toString();
    assertThat(c.send(HttpRequest.newBuilder(URI.create(base + "/other")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
    assertThat(c.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/jwks"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
  }

  @Test
  void writesTheWellKnownFiles(@TempDir Path dir) throws Exception {
    List<Path> files = issuer.writeWellKnown(dir);
    assertThat(files).containsExactly(dir.resolve(".well-known/openid-configuration"),
        dir.resolve(".well-known/jwks"));
    assertThat(Files.readString(files.get(0))).isEqualTo(issuer.discoveryDocument());
    assertThat(Files.readString(files.get(1))).isEqualTo(issuer.jwks());
  }

  @Test
  void loadsPkcs8AndPkcs1PemFiles(@TempDir Path dir) throws Exception {
    Path pkcs8 = dir.resolve("key.pem");
    SelfHostedIssuer.writePrivateKeyPem(KEYS, pkcs8);
    assertThat(Files.readString(pkcs8)).startsWith("-----BEGIN PRIVATE KEY-----");
    SelfHostedIssuer a = SelfHostedIssuer.builder().issuer("https://issuer.example.com/esc").privateKeyPem(pkcs8)
        .build();
    assertThat(a.keyId()).isEqualTo(issuer.keyId());

    // PKCS#1: the RSAPrivateKey structure inside the PKCS#8 OCTET STRING (2-byte lengths for 2048 bits)
    byte[] der = KEYS.getPrivate().getEncoded();
    byte[] pkcs1 = Arrays.copyOfRange(der, 26, der.length);
    assertThat(pkcs1[0]).isEqualTo((byte) 0x30);
    Path rsa = dir.resolve("rsa.pem");
    Files.writeString(rsa, "-----BEGIN RSA PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n",
        StandardCharsets.US_ASCII);
    SelfHostedIssuer b = SelfHostedIssuer.builder().issuer("https://issuer.example.com/esc").privateKeyPem(rsa)
        .build();
    assertThat(b.keyId()).isEqualTo(issuer.keyId());

    Path bad = dir.resolve("bad.pem");
    Files.writeString(bad, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> SelfHostedIssuer.builder().issuer("https://x.example").privateKeyPem(bad))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BEGIN PRIVATE KEY")
        .hasMessageNotContaining("AAAA");
  }

  @Test
  void publishesAdditionalKeysForRotation() throws Exception {
    java.security.KeyPair old = SelfHostedIssuer.generateKeyPair();
    SelfHostedIssuer i = SelfHostedIssuer.builder().issuer("https://issuer.example.com").keyPair(KEYS)
        .additionalPublicKey((RSAPublicKey) old.getPublic()).build();
    JsonNode keys = JSON.readTree(i.jwks()).get("keys");
    assertThat(keys).hasSize(2);
    RSAPublicKey second = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
        new java.math.BigInteger(1, Base64.getUrlDecoder().decode(keys.get(1).get("n").asText())),
        new java.math.BigInteger(1, Base64.getUrlDecoder().decode(keys.get(1).get("e").asText()))));
    assertThat(second).isEqualTo(old.getPublic());
  }

  @Test
  void rejectsPlainHttpOffLoopbackAndSmallKeys() throws Exception {
    assertThatThrownBy(() -> SelfHostedIssuer.builder().issuer("http://issuer.example.com"))
        .hasMessageContaining("https");
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    assertThatThrownBy(() -> SelfHostedIssuer.builder().issuer("https://i.example").keyPair(g.generateKeyPair())
        .build()).hasMessageContaining("2048");
    assertThatThrownBy(() -> SelfHostedIssuer.builder().issuer("https://i.example").build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toStringShowsNoKeyMaterial() {
    String s = issuer.toString();
    assertThat(s).contains(issuer.keyId());
    String priv = Base64.getEncoder().encodeToString(KEYS.getPrivate().getEncoded());
    assertThat(s).doesNotContain(priv.substring(40, 80));
    assertThat(issuer.jwks()).doesNotContain("\"d\"");
  }

  @Test
  void mintWithoutOrganizationIsAClearError() {
    assertThatThrownBy(() -> issuer.mint(new OidcTokenRequest("", "", "a/b", "a/b", List.of())))
        .isInstanceOf(OidcTokenException.class).hasMessageContaining("organization");
    assertThat(Map.of()).isEmpty();
  }
}
