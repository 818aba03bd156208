package io.esc4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.esc4j.Environment;
import io.esc4j.EvalContext;
import io.esc4j.OpenEnvironment;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.OidcTokenSource;
import io.esc4j.aws.RefreshingCredentialsProvider;
import io.esc4j.aws.SelfHostedIssuer;
import io.esc4j.aws.internal.AwsClients;
import io.esc4j.aws.internal.AwsLoginCache;
import io.esc4j.aws.internal.AwsLoginProvider;
import io.esc4j.aws.internal.AwsParameterStoreProvider;
import io.esc4j.aws.internal.AwsSecretsProvider;
import io.esc4j.spi.EnvironmentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * aws-login's login cache against esc-testkit: counted STS calls, never wall-clock speed. Each test
 * has its own server (so its own endpoint, part of every cache key) and role.
 */
class LoginCacheTest {
  private static final AtomicInteger ROLES = new AtomicInteger();

  private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.now());
  private LocalAwsServer aws;
  private String role;
  private SelfHostedIssuer issuer;

  @BeforeEach
  void start() {
    aws = LocalAwsServer.builder().clock(clock).start();
    aws.oidcProvider(TestSupport.ISSUER_URL, TestSupport.ISSUER.jwks(), "aws:acme");
    role = "arn:aws:iam::123456789012:role/cache-" + ROLES.incrementAndGet();
    aws.role(role).trustIssuer(TestSupport.ISSUER_URL).stringEquals("aud", "aws:acme")
        .stringLike("sub", "pulumi:environments:org:acme:env:myapp/*");
    aws.secret("api-key", "my-api-key");
    issuer = SelfHostedIssuer.builder().issuer(TestSupport.ISSUER_URL).keyPair(TestSupport.KEYS).clock(clock).build();
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  static String doc(String roleArn, String sessionName, String duration) {
    return String.join("\n",
        "values:",
        "  aws:",
        "    login:",
        "      fn::open::aws-login:",
        "        oidc:",
        "          roleArn: " + roleArn,
        "          sessionName: " + sessionName,
        "          duration: " + duration,
        "    secrets:",
        "      fn::open::aws-secrets:",
        "        region: us-west-2",
        "        login: ${aws.login}",
        "        get:",
        "          api-key: {secretId: api-key}",
        "");
  }

  private AwsClientSettings settings(boolean cache) {
    return AwsClientSettings.builder().endpoint(aws.endpoint()).environment(Map.of()).loginCache(cache).build();
  }

  private Environment.Builder builder(Map<String, String> docs, AwsClientSettings settings) {
    return Environment.builder()
        .store(EnvironmentStore.inMemory(docs))
        .service(OidcTokenSource.class, issuer)
        .service(AwsClientSettings.class, settings)
        .context(EvalContext.organization("acme").user("alice"));
  }

  private int sts() {
    return aws.requests(Operation.ASSUME_ROLE_WITH_WEB_IDENTITY).size();
  }

  private static String keyId(OpenEnvironment env) {
    return env.getSecret("aws.login.accessKeyId").reveal();
  }

  @Test
  void aSecondOpenMakesNoStsCall() {
    AwsClientSettings s = settings(true);
    Map<String, String> docs = Map.of("myapp/dev", doc(role, "esc", "1h"));
    OpenEnvironment first = builder(docs, s).open("myapp/dev");
    OpenEnvironment second = builder(docs, s).open("myapp/dev");
    assertThat(sts()).isEqualTo(1);
    assertThat(keyId(second)).isEqualTo(keyId(first));
    assertThat(second.getSecret("aws.secrets.api-key").reveal()).isEqualTo("my-api-key");
    // the secrets are read again: only the login is cached
    assertThat(aws.requests(Operation.BATCH_GET_SECRET_VALUE)).hasSize(2);
    // a new settings instance with the same endpoint shares the entry
    builder(docs, settings(true)).open("myapp/dev");
    assertThat(sts()).isEqualTo(1);
  }

  @Test
  void offEveryOpenLogsIn() {
    AwsClientSettings s = settings(false);
    Map<String, String> docs = Map.of("myapp/dev", doc(role, "esc", "1h"));
    OpenEnvironment first = builder(docs, s).open("myapp/dev");
    OpenEnvironment second = builder(docs, s).open("myapp/dev");
    assertThat(sts()).isEqualTo(2);
    assertThat(keyId(second)).isNotEqualTo(keyId(first));
  }

  @Test
  void differentLoginsDoNotShareCredentials() {
    AwsClientSettings s = settings(true);
    String other = "arn:aws:iam::123456789012:role/cache-other-" + ROLES.incrementAndGet();
    aws.role(other).trustIssuer(TestSupport.ISSUER_URL).stringEquals("aud", "aws:acme")
        .stringLike("sub", "pulumi:environments:org:acme:env:myapp/*");
    Map<String, String> docs = Map.of(
        "myapp/dev", doc(role, "esc", "1h"),
        "myapp/staging", doc(role, "esc", "1h"), // another token subject
        "myapp/session", doc(role, "other-session", "1h"),
        "myapp/duration", doc(role, "esc", "30m"),
        "myapp/role", doc(other, "esc", "1h"));
    for (String env : docs.keySet()) {
      builder(docs, s).open(env);
    }
    assertThat(sts()).isEqualTo(5);
    for (String env : docs.keySet()) {
      builder(docs, s).open(env);
    }
    assertThat(sts()).as("each login cached on its own").isEqualTo(5);
    // another STS endpoint is another key
    try (LocalAwsServer second = LocalAwsServer.builder().clock(clock).start()) {
      second.oidcProvider(TestSupport.ISSUER_URL, TestSupport.ISSUER.jwks(), "aws:acme");
      second.role(role).trustIssuer(TestSupport.ISSUER_URL).stringEquals("aud", "aws:acme");
      second.secret("api-key", "my-api-key");
      builder(docs, AwsClientSettings.builder().endpoint(second.endpoint()).environment(Map.of()).build())
          .open("myapp/dev");
      assertThat(second.requests(Operation.ASSUME_ROLE_WITH_WEB_IDENTITY)).hasSize(1);
    }
  }

  @Test
  void credentialsCloseToExpiryAreNotHandedOut() {
    // a cache of its own on the test clock: 10 minutes' margin, as the shared one
    AwsLoginCache cache = new AwsLoginCache(clock, AwsLoginCache.DEFAULT_MARGIN, 8);
    Map<String, String> docs = Map.of("myapp/dev", doc(role, "esc", "1h"));
    Environment.Builder b = builder(docs, settings(true)).noProviderDiscovery()
        .provider(new AwsLoginProvider(AwsClients.shared(), cache))
        .provider(new AwsSecretsProvider())
        .provider(new AwsParameterStoreProvider());
    String first = keyId(b.open("myapp/dev"));
    clock.advance(Duration.ofMinutes(49)); // 11 minutes left
    assertThat(keyId(b.open("myapp/dev"))).isEqualTo(first);
    assertThat(sts()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(2)); // 9 minutes left: too close
    OpenEnvironment renewed = b.open("myapp/dev");
    assertThat(sts()).isEqualTo(2);
    assertThat(keyId(renewed)).isNotEqualTo(first);
    assertThat(Instant.parse(renewed.get("aws.login.expiration").toJson(io.esc4j.Redaction.REVEAL)
        .replace("\"", ""))).isAfter(clock.instant().plus(Duration.ofMinutes(59)));
  }

  @Test
  void escAwsCredentialsRenewalBypassesTheCache() {
    // the shared cache runs on the system clock, so for it the credentials are fresh; the renewal
    // must still get new ones
    Map<String, String> docs = Map.of("myapp/dev", doc(role, "esc", "1h"));
    OpenEnvironment env = builder(docs, settings(true)).open("myapp/dev");
    RefreshingCredentialsProvider creds =
        RefreshingCredentialsProvider.builder(env, "aws.login").clock(clock).build();
    String first = creds.resolveCredentials().accessKeyId();
    assertThat(builder(docs, settings(true)).open("myapp/dev").getSecret("aws.login.accessKeyId").reveal())
        .isEqualTo(first);
    assertThat(sts()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(56)); // inside refreshBefore (5 minutes)
    String second = creds.resolveCredentials().accessKeyId();
    assertThat(second).isNotEqualTo(first);
    assertThat(sts()).isEqualTo(2);
    assertThat(creds.expiration()).hasValueSatisfying(e -> assertThat(e).isAfter(clock.instant()
        .plus(Duration.ofMinutes(59))));
    // and the new login is what the cache holds now
    assertThat(builder(docs, settings(true)).open("myapp/dev").getSecret("aws.login.accessKeyId").reveal())
        .isEqualTo(second);
    assertThat(sts()).isEqualTo(2);
  }
}
