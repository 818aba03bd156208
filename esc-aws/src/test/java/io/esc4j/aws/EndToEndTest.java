package io.esc4j.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.esc4j.Environment;
import io.esc4j.EnvironmentException;
import io.esc4j.EscValue;
import io.esc4j.EvalContext;
import io.esc4j.OpenEnvironment;
import io.esc4j.Variable;
import io.esc4j.aws.internal.JwtClaims;
import io.esc4j.aws.testing.CountingInterceptor;
import io.esc4j.aws.testing.MotoServer;
import io.esc4j.spi.EnvironmentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** The seeds' documents opened through {@link Environment}, with the real SDK against moto. */
@ExtendWith(MotoServer.class)
class EndToEndTest {
  static final SelfHostedIssuer ISSUER = SelfHostedIssuer.builder().issuer("https://issuer.example.com/esc")
      .keyPair(SelfHostedIssuer.generateKeyPair()).build();

  // seeds 000, 001, 003 and 004 all use this document (004 writes it in full)
  static final String SEED_DOC = String.join("\n",
      "values:",
      "  aws:",
      "    login:",
      "      fn::open::aws-login:",
      "        oidc:",
      "          duration: 1h",
      "          roleArn: arn:aws:iam::012345678912:role/pulumi-esc-s3-role",
      "          sessionName: pulumi-environments-session",
      "  environmentVariables:",
      "    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}",
      "    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}",
      "    AWS_SESSION_TOKEN: ${aws.login.sessionToken}",
      "");

  // moto keeps each account's resources apart and maps assumed-role keys to the role's account, so
  // the role is in moto's default account, where the seeding client's secrets live
  static final String BASE_LOGIN = String.join("\n",
      "# myorg/aws/login",
      "values:",
      "  aws:",
      "    login:",
      "      fn::open::aws-login:",
      "        oidc:",
      "          roleArn: arn:aws:iam::123456789012:role/role-abcd123",
      "          sessionName: pulumi-esc",
      "          duration: 1h",
      "          subjectAttributes:",
      "            - currentEnvironment.name",
      "            - rootEnvironment.name",
      "");

  static final String APP = String.join("\n",
      "# myorg/myapp/dev",
      "imports:",
      "  - aws/login",
      "values:",
      "  aws:",
      "    secrets:",
      "      fn::open::aws-secrets:",
      "        region: us-west-2",
      "        login: ${aws.login}",
      "        get:",
      "          api-key:",
      "            secretId: api-key",
      "          db:",
      "            secretId: prod-db",
      "    params:",
      "      fn::open::aws-parameter-store:",
      "        region: us-west-2",
      "        login: ${aws.login}",
      "        get:",
      "          hosts:",
      "            name: /myapp/hosts",
      "  db: ",
      "    fn::fromJSON: ${aws.secrets.db}",
      "  environmentVariables:",
      "    API_KEY: ${aws.secrets.api-key}",
      "    DB_PASSWORD: ${db.password}",
      "");

  private CountingInterceptor calls;
  private AwsClientSettings settings;

  @BeforeAll
  static void seed() {
    MotoServer.reset();
    try (SecretsManagerClient sm = MotoServer.secretsManager()) {
      sm.createSecret(b -> b.name("api-key").secretString("my-api-key"));
      sm.createSecret(b -> b.name("prod-db").secretString("{\"user\":\"app\",\"password\":\"db-pw-123\"}"));
    }
    try (var ssm = MotoServer.ssm()) {
      ssm.putParameter(b -> b.name("/myapp/hosts").value("a.example,b.example")
          .type(software.amazon.awssdk.services.ssm.model.ParameterType.STRING_LIST));
    }
  }

  @BeforeEach
  void settings() {
    // one moto server for all tests: start each without logins cached by an earlier one
    io.esc4j.aws.internal.AwsLoginCache.shared().clear();
    calls = new CountingInterceptor();
    settings = AwsClientSettings.builder().endpoint(MotoServer.endpoint()).environment(Map.of())
        .addInterceptor(calls).build();
  }

  private Environment.Builder builder(Map<String, String> docs) {
    return Environment.builder()
        .store(EnvironmentStore.inMemory(docs))
        .service(OidcTokenSource.class, ISSUER)
        .service(AwsClientSettings.class, settings)
        .context(EvalContext.organization("acme").user("alice"));
  }

  @Test
  void seedDocumentFeedsEnvironmentVariablesAndTheCredentialsWork() {
    OpenEnvironment env = builder(Map.of("aws-prod-env/dev", SEED_DOC)).open("aws-prod-env/dev");
    Map<String, Variable> vars = env.environmentVariables();
    assertThat(vars.keySet()).containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
    assertThat(vars.values()).allSatisfy(v -> assertThat(v.secret()).isTrue());
    assertThat(vars.get("AWS_ACCESS_KEY_ID").reveal()).startsWith("ASIA");
    assertThat(env.toString()).doesNotContain(vars.get("AWS_SECRET_ACCESS_KEY").reveal());

    // what `esc run ... -- aws sts get-caller-identity` does with the variables (seed 003)
    try (StsClient sts = StsClient.builder().region(Region.US_WEST_2).endpointOverride(MotoServer.endpoint())
        .httpClient(UrlConnectionHttpClient.builder().build())
        .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
            vars.get("AWS_ACCESS_KEY_ID").reveal(), vars.get("AWS_SECRET_ACCESS_KEY").reveal(),
            vars.get("AWS_SESSION_TOKEN").reveal()))).build()) {
      GetCallerIdentityResponse who = sts.getCallerIdentity();
      assertThat(who.arn()).contains("pulumi-esc-s3-role").contains("pulumi-environments-session");
    }
    // and a child process gets them (esc run)
    ProcessBuilder pb = env.applyTo(new ProcessBuilder("true"));
    assertThat(pb.environment()).containsEntry("AWS_ACCESS_KEY_ID", vars.get("AWS_ACCESS_KEY_ID").reveal());

    AssumeRoleWithWebIdentityRequest sent = (AssumeRoleWithWebIdentityRequest) calls.requests().get(0);
    assertThat(JwtClaims.of(sent.webIdentityToken()).subject())
        .isEqualTo("pulumi:environments:org:acme:env:aws-prod-env/dev");
    assertThat(sent.durationSeconds()).isEqualTo(3600);
  }

  @Test
  void baseEnvironmentImportPattern() {
    OpenEnvironment env = builder(Map.of("aws/login", BASE_LOGIN, "myapp/dev", APP)).open("myapp/dev");
    assertThat(env.getSecret("aws.secrets.api-key").reveal()).isEqualTo("my-api-key");
    assertThat(env.getSecret("db.password").reveal()).isEqualTo("db-pw-123");
    assertThat(env.get("aws.params.hosts").toJson(io.esc4j.Redaction.REVEAL))
        .isEqualTo("[\"a.example\",\"b.example\"]");
    assertThat(env.environmentVariables().get("DB_PASSWORD").secret()).isTrue();
    assertThat(env.toJson(io.esc4j.Redaction.REDACT)).doesNotContain("db-pw-123").doesNotContain("my-api-key");

    // the login ran once, with the claims of the environment that declares it
    assertThat(calls.count("AssumeRoleWithWebIdentity")).isEqualTo(1);
    assertThat(calls.count("BatchGetSecretValue")).isEqualTo(1);
    assertThat(calls.count("GetParameters")).isEqualTo(1);
    String token = ((AssumeRoleWithWebIdentityRequest) calls.requests().stream()
        .filter(r -> r instanceof AssumeRoleWithWebIdentityRequest).findFirst().orElseThrow()).webIdentityToken();
    JwtClaims claims = JwtClaims.of(token);
    assertThat(claims.subject()).isEqualTo("pulumi:environments:pulumi.organization.login:acme"
        + ":currentEnvironment.name:aws/login:rootEnvironment.name:myapp/dev");
    assertThat(claims.audience()).isEqualTo("aws:acme");
  }

  @Test
  void seed002StaticAndDefaultRegion() {
    String doc = String.join("\n",
        "values:",
        "  aws:",
        "    login:",
        "      fn::open::aws-login:",
        "        static:",
        "          accessKeyId: AKIAIOSFODNN7EXAMPLE",
        "          secretAccessKey:",
        "            fn::secret: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "  environmentVariables:",
        "    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}",
        "    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}",
        "    AWS_REGION: us-west-2",
        "");
    OpenEnvironment env = builder(Map.of("myapp/static", doc)).open("myapp/static");
    Map<String, Variable> vars = env.environmentVariables();
    assertThat(vars.get("AWS_SECRET_ACCESS_KEY").reveal()).isEqualTo("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    assertThat(vars.get("AWS_SECRET_ACCESS_KEY").secret()).isTrue();
    assertThat(vars.get("AWS_REGION").secret()).isFalse();
    assertThat(calls.total()).isZero();
    RefreshingCredentialsProvider creds = EscAws.credentials(env, "aws.login");
    assertThat(creds.expiration()).isEmpty();
    assertThat(creds.resolveCredentials().accessKeyId()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
  }

  @Test
  void escAwsCredentialsRenewByReopeningBeforeExpiration() {
    OpenEnvironment env = builder(Map.of("aws/login", BASE_LOGIN, "myapp/dev", APP)).open("myapp/dev");
    Instant exp = Instant.parse(env.getString("aws.login.expiration"));
    AtomicReference<Instant> now = new AtomicReference<>(exp.minus(Duration.ofMinutes(30)));
    Clock clock = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId z) { return this; }
      @Override public Instant instant() { return now.get(); }
    };
    RefreshingCredentialsProvider creds = RefreshingCredentialsProvider.builder(env, "aws.login").clock(clock)
        .build();
    String first = creds.resolveCredentials().accessKeyId();
    assertThat(calls.count("AssumeRoleWithWebIdentity")).isEqualTo(1);

    // any SDK client of the application can use it
    try (SecretsManagerClient sm = SecretsManagerClient.builder().region(Region.US_WEST_2)
        .endpointOverride(MotoServer.endpoint()).httpClient(UrlConnectionHttpClient.builder().build())
        .credentialsProvider(creds).build()) {
      assertThat(sm.getSecretValue(b -> b.secretId("api-key")).secretString()).isEqualTo("my-api-key");
    }

    now.set(exp.minus(Duration.ofMinutes(4))); // inside the 5-minute window: one reopen
    String second = creds.resolveCredentials().accessKeyId();
    assertThat(calls.count("AssumeRoleWithWebIdentity")).isEqualTo(2);
    assertThat(second).isNotEqualTo(first);
    assertThat(creds.environment()).isNotSameAs(env);
    assertThat(creds.expiration()).isPresent();
    assertThat(creds.toString()).contains("myapp/dev").contains("aws.login")
        .doesNotContain(creds.resolveCredentials().secretAccessKey());
  }

  @Test
  void providerErrorsAreDiagnosticsAtTheOpenSite() {
    String doc = String.join("\n",
        "imports:",
        "  - aws/login",
        "values:",
        "  secrets:",
        "    fn::open::aws-secrets:",
        "      region: us-west-2",
        "      login: ${aws.login}",
        "      get:",
        "        gone:",
        "          secretId: no-such-secret",
        "");
    EnvironmentException e = catchThrowableOfType(EnvironmentException.class,
        () -> builder(Map.of("aws/login", BASE_LOGIN, "myapp/broken", doc)).open("myapp/broken"));
    assertThat(e.getMessage()).contains("myapp/broken:5:")
        .contains("aws-secrets: 1 of 1 entries failed: \"gone\" (secretId \"no-such-secret\"):"
            + " secretsmanager:BatchGetSecretValue: ResourceNotFoundException")
        .contains("fix: check the secretId");

    String badDuration = BASE_LOGIN.replace("duration: 1h", "duration: 13h");
    EnvironmentException d = catchThrowableOfType(EnvironmentException.class,
        () -> builder(Map.of("aws/login", badDuration)).open("aws/login"));
    assertThat(d.getMessage()).contains("aws-login: invalid input \"oidc.duration\"");
    assertThat(calls.count("AssumeRoleWithWebIdentity")).isEqualTo(1);
  }

  @Test
  void providersAreFoundByServiceLoader() {
    assertThat(java.util.ServiceLoader.load(io.esc4j.spi.Provider.class).stream()
        .map(p -> p.get().name())).contains("aws-login", "aws-secrets", "aws-parameter-store");
    assertThat(EscAws.providers()).extracting(io.esc4j.spi.Provider::name)
        .containsExactly("aws-login", "aws-secrets", "aws-parameter-store");
    assertThat(EscValue.Bool.TRUE).isNotNull();
  }
}
