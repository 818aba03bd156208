package io.esc4j.testkit;

import io.esc4j.aws.SelfHostedIssuer;
import io.jsonwebtoken.Jwts;
import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Shared pieces of the tests: one issuer key pair, token minting, SDK clients. */
final class TestSupport {
  static final String ISSUER_URL = "https://issuer.example.com/esc";
  static final java.security.KeyPair KEYS = SelfHostedIssuer.generateKeyPair();
  static final SelfHostedIssuer ISSUER = SelfHostedIssuer.builder().issuer(ISSUER_URL).keyPair(KEYS).build();
  static final java.security.KeyPair OTHER_KEYS = SelfHostedIssuer.generateKeyPair();
  static final String ROLE = "arn:aws:iam::123456789012:role/app";
  static final String REGION = "us-west-2";
  static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
      .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(30)).build();

  private TestSupport() {}

  /** A server trusting {@link #ISSUER} for aud {@code aws:acme}, with the role {@link #ROLE}. */
  static LocalAwsServer server(Clock clock) {
    LocalAwsServer s = LocalAwsServer.builder().clock(clock).start();
    s.oidcProvider(ISSUER_URL, ISSUER.jwks(), "aws:acme");
    s.role(ROLE).trustIssuer(ISSUER_URL).stringEquals("aud", "aws:acme")
        .stringLike("sub", "pulumi:environments:org:acme:env:*");
    return s;
  }

  static String token(String aud, String sub, Instant iat, Duration lifetime) {
    return token(aud, sub, iat, lifetime, KEYS.getPrivate(), ISSUER.keyId(), ISSUER_URL);
  }

  @SuppressWarnings("deprecation")
  static String token(String aud, String sub, Instant iat, Duration lifetime, PrivateKey key, String kid,
      String issuer) {
    return Jwts.builder().header().keyId(kid).type("JWT").and()
        .issuer(issuer).subject(sub).audience().single(aud)
        .issuedAt(Date.from(iat)).notBefore(Date.from(iat)).expiration(Date.from(iat.plus(lifetime)))
        .id(UUID.randomUUID().toString())
        .signWith(key, Jwts.SIG.RS256).compact();
  }

  static String goodToken() {
    return token("aws:acme", "pulumi:environments:org:acme:env:myapp/dev", Instant.now(), Duration.ofMinutes(5));
  }

  static StsClient sts(URI endpoint) {
    return StsClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint).httpClient(HTTP)
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build())
        .build();
  }

  static SecretsManagerClient secretsManager(URI endpoint, AwsCredentials creds) {
    return SecretsManagerClient.builder().region(Region.of(REGION)).endpointOverride(endpoint).httpClient(HTTP)
        .credentialsProvider(StaticCredentialsProvider.create(creds))
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build())
        .build();
  }

  static SsmClient ssm(URI endpoint, AwsCredentials creds) {
    return SsmClient.builder().region(Region.of(REGION)).endpointOverride(endpoint).httpClient(HTTP)
        .credentialsProvider(StaticCredentialsProvider.create(creds))
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build())
        .build();
  }

  static AwsCredentials sdk(IssuedCredentials c) {
    return c.sessionToken() == null ? AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())
        : AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    void set(Instant t) {
      now.set(t);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
