package io.esc4j.testkit;

import io.esc4j.aws.testing.MotoServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.esc4j.Environment;
import io.esc4j.EvalContext;
import io.esc4j.OpenEnvironment;
import io.esc4j.Redaction;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.OidcTokenSource;
import io.esc4j.spi.EnvironmentStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;

/**
 * One scenario (login, batch secrets, parameters; then the same through esc-aws) run against
 * esc-testkit and against {@code moto_server}: the observable results must agree wherever moto
 * implements the behaviour. moto accepts any token and signature, so only the happy path and the
 * not-found shapes are compared here; what moto does not check is tested in the other classes.
 * When {@code moto_server} is missing the test fails (as esc-aws's moto tests do).
 */
class MotoContractTest {
  static URI motoEndpoint;
  static LocalAwsServer testkit;

  @BeforeAll
  static void start() throws Exception {
    testkit = TestSupport.server(java.time.Clock.systemUTC());
    // the shared fixture of esc-aws's tests: fails, not skips, when moto_server is missing
    motoEndpoint = MotoServer.endpoint();
    seed(testkit.endpoint(), true);
    seed(motoEndpoint, false);
  }

  @AfterAll
  static void stop() {
    testkit.close();
  }

  /** Seeds the same data: through the testkit's API, or through the SDK into moto. */
  private static void seed(URI endpoint, boolean isTestkit) {
    if (isTestkit) {
      testkit.secret("api-key", "my-api-key");
      testkit.secret("prod-db", "{\"password\":\"db-pw\"}");
      testkit.parameter("/myapp/url", "https://db.example");
      testkit.parameter("/myapp/hosts", ParameterType.STRING_LIST, "a.example,b.example");
      testkit.parameter("/myapp/password", ParameterType.SECURE_STRING, "pw-1");
      testkit.parameter("/myapp/nested/deep", "deep");
      return;
    }
    AwsCredentials seedCreds = AwsBasicCredentials.create("seed", "seed");
    try (SecretsManagerClient sm = TestSupport.secretsManager(endpoint, seedCreds);
        SsmClient ssm = TestSupport.ssm(endpoint, seedCreds)) {
      sm.createSecret(b -> b.name("api-key").secretString("my-api-key"));
      sm.createSecret(b -> b.name("prod-db").secretString("{\"password\":\"db-pw\"}"));
      ssm.putParameter(b -> b.name("/myapp/url").value("https://db.example").type("String"));
      ssm.putParameter(b -> b.name("/myapp/hosts").value("a.example,b.example").type("StringList"));
      ssm.putParameter(b -> b.name("/myapp/password").value("pw-1").type("SecureString"));
      ssm.putParameter(b -> b.name("/myapp/nested/deep").value("deep").type("String"));
    }
  }

  /** What the scenario observed, as plain values. */
  private static Map<String, Object> scenario(URI endpoint) {
    Map<String, Object> seen = new LinkedHashMap<>();
    AssumeRoleWithWebIdentityResponse login;
    try (StsClient sts = TestSupport.sts(endpoint)) {
      login = sts.assumeRoleWithWebIdentity(b -> b.roleArn(TestSupport.ROLE).roleSessionName("contract")
          .webIdentityToken(TestSupport.goodToken()).durationSeconds(3600));
    }
    seen.put("sts.accessKeyIdPrefix", login.credentials().accessKeyId().substring(0, 4));
    seen.put("sts.accessKeyIdLength", login.credentials().accessKeyId().length());
    seen.put("sts.assumedRoleArn", login.assumedRoleUser().arn());
    AwsCredentials creds = AwsSessionCredentials.create(login.credentials().accessKeyId(),
        login.credentials().secretAccessKey(), login.credentials().sessionToken());
    try (SecretsManagerClient sm = TestSupport.secretsManager(endpoint, creds);
        SsmClient ssm = TestSupport.ssm(endpoint, creds)) {
      BatchGetSecretValueResponse batch = sm.batchGetSecretValue(b -> b.secretIdList("api-key", "nope", "prod-db"));
      List<String> values = new ArrayList<>();
      batch.secretValues().forEach(v -> values.add(v.name() + "=" + v.secretString() + " " + v.versionStages()));
      values.sort(null);
      seen.put("batch.values", values);
      seen.put("batch.errors", batch.errors().stream().map(e -> e.secretId() + ":" + e.errorCode()).toList());
      seen.put("batch.arnPrefix", batch.secretValues().get(0).arn().replaceAll("-[A-Za-z0-9]{6}$", "-XXXXXX"));
      seen.put("getSecretValue.missing", code(() -> sm.getSecretValue(b -> b.secretId("nope"))));
      // the HTTP status differs on purpose: AWS answers 400 (spec section 3.1), moto 404
      seen.put("getSecretValue.missingStatus", status(() -> sm.getSecretValue(b -> b.secretId("nope"))) / 100 == 4);

      GetParametersResponse params = ssm.getParameters(b -> b.names("/myapp/url", "/nope", "/myapp/hosts",
          "/myapp/password").withDecryption(true));
      // AWS documents alphabetical order; moto keeps insertion order, so compare sorted
      seen.put("getParameters", params.parameters().stream()
          .map(p -> p.name() + "=" + p.value() + " " + p.typeAsString() + " v" + p.version() + " " + p.arn())
          .sorted().toList());
      seen.put("getParameters.invalid", params.invalidParameters());
      seen.put("getParameter.missing", code(() -> ssm.getParameter(b -> b.name("/nope"))));
      seen.put("getParameter.versionMissing", code(() -> ssm.getParameter(b -> b.name("/myapp/url:9"))));
      seen.put("byPath.flat", ssm.getParametersByPath(b -> b.path("/myapp")).parameters().stream()
          .map(Parameter::name).sorted().toList());
      seen.put("byPath.recursive", ssm.getParametersByPathPaginator(b -> b.path("/myapp").recursive(true))
          .stream().flatMap(p -> p.parameters().stream()).map(Parameter::name).sorted().toList());
    }

    // the same through esc-aws
    String doc = String.join("\n",
        "values:",
        "  aws:",
        "    login:",
        "      fn::open::aws-login:",
        "        oidc: {roleArn: '" + TestSupport.ROLE + "', sessionName: contract, duration: 1h}",
        "    secrets:",
        "      fn::open::aws-secrets:",
        "        region: us-west-2",
        "        login: ${aws.login}",
        "        get: {api-key: {secretId: api-key}, db: {secretId: prod-db}}",
        "    params:",
        "      fn::open::aws-parameter-store:",
        "        region: us-west-2",
        "        login: ${aws.login}",
        "        get: {hosts: {name: /myapp/hosts}, url: {name: /myapp/url}, pw: {name: /myapp/password, decrypt: true}}",
        "");
    OpenEnvironment env = Environment.builder()
        .store(EnvironmentStore.inMemory(Map.of("myapp/dev", doc)))
        .service(OidcTokenSource.class, TestSupport.ISSUER)
        .service(AwsClientSettings.class, AwsClientSettings.builder().endpoint(endpoint).environment(Map.of()).build())
        .context(EvalContext.organization("acme").user("alice"))
        .open("myapp/dev");
    seen.put("esc.secrets", env.get("aws.secrets").toJson(Redaction.REVEAL));
    seen.put("esc.params", env.get("aws.params").toJson(Redaction.REVEAL));
    return seen;
  }

  private static String code(Runnable call) {
    return failure(call).awsErrorDetails().errorCode();
  }

  private static int status(Runnable call) {
    return failure(call).statusCode();
  }

  private static AwsServiceException failure(Runnable call) {
    AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call::run);
    assertThat(e).as("the call should fail").isNotNull();
    return e;
  }

  @Test
  void testkitAndMotoAgree() {
    Map<String, Object> ours = scenario(testkit.endpoint());
    Map<String, Object> motos = scenario(motoEndpoint);
    assertThat(ours).isEqualTo(motos);
    // and the scenario saw what it should
    assertThat(ours.get("batch.errors")).isEqualTo(List.of("nope:ResourceNotFoundException"));
    assertThat(ours.get("getParameters.invalid")).isEqualTo(List.of("/nope"));
  }

  @Test
  void knownDifferencesWhereTheTestkitFollowsAws() throws Exception {
    IssuedCredentials c = testkit.issueCredentials(TestSupport.ROLE, java.time.Duration.ofMinutes(15));
    try (SecretsManagerClient ours = TestSupport.secretsManager(testkit.endpoint(), TestSupport.sdk(c));
        SecretsManagerClient motos = TestSupport.secretsManager(motoEndpoint, AwsBasicCredentials.create("a", "b"))) {
      // Secrets Manager's JSON errors are HTTP 400 on AWS; moto answers 404
      assertThat(status(() -> ours.getSecretValue(b -> b.secretId("nope")))).isEqualTo(400);
      assertThat(status(() -> motos.getSecretValue(b -> b.secretId("nope")))).isEqualTo(404);
    }
    // moto accepts any signature; the testkit does not
    try (SsmClient forged = TestSupport.ssm(testkit.endpoint(), AwsBasicCredentials.create(c.accessKeyId(), "x"));
        SsmClient motoForged = TestSupport.ssm(motoEndpoint, AwsBasicCredentials.create("AKIAFORGED", "x"))) {
      assertThat(code(() -> forged.getParameter(b -> b.name("/myapp/url")))).isEqualTo("UnrecognizedClientException");
      assertThat(motoForged.getParameter(b -> b.name("/myapp/url")).parameter().value()).isEqualTo("https://db.example");
    }
  }
}
