package io.esc4j.aws.internal;

import static io.esc4j.aws.testing.V.obj;
import static io.esc4j.aws.testing.V.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.esc4j.EscValue;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.testing.CountingInterceptor;
import io.esc4j.aws.testing.MotoServer;
import io.esc4j.aws.testing.TestContext;
import io.esc4j.spi.ProviderException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueRequest;

@ExtendWith(MotoServer.class)
class AwsSecretsProviderTest {
  static final EscValue LOGIN = obj("accessKeyId", secret("ASIATESTKEY"), "secretAccessKey", secret("test-secret"),
      "sessionToken", secret("test-token"), "expiration", "2099-01-01T00:00:00Z");
  static String apiKeyArn;
  static String previousVersion;

  private final AwsSecretsProvider provider = new AwsSecretsProvider();
  private CountingInterceptor calls;
  private AwsClientSettings settings;

  @BeforeAll
  static void seed() {
    MotoServer.reset();
    try (SecretsManagerClient sm = MotoServer.secretsManager()) {
      apiKeyArn = sm.createSecret(b -> b.name("api-key").secretString("my-api-key")).arn();
      sm.createSecret(b -> b.name("prod-db").secretString("{\"user\":\"app\",\"password\":\"old-pw\"}"));
      previousVersion = sm.describeSecret(b -> b.secretId("prod-db")).versionIdsToStages().keySet().iterator().next();
      sm.putSecretValue(b -> b.secretId("prod-db").secretString("{\"user\":\"app\",\"password\":\"new-pw\"}"));
      sm.createSecret(b -> b.name("blob").secretBinary(SdkBytes.fromByteArray(new byte[] {1, 2, 3})));
      for (int i = 0; i < 45; i++) {
        int n = i;
        sm.createSecret(b -> b.name("bulk/secret-" + n).secretString("value-" + n));
      }
    }
  }

  @BeforeEach
  void settings() {
    calls = new CountingInterceptor();
    settings = AwsClientSettings.builder().endpoint(MotoServer.endpoint()).environment(Map.of())
        .addInterceptor(calls).build();
  }

  private TestContext ctx() {
    return TestContext.of().with(AwsClientSettings.class, settings);
  }

  private EscValue.Obj open(EscValue.Obj get) throws ProviderException {
    return (EscValue.Obj) provider.open(obj("region", MotoServer.REGION, "login", LOGIN, "get", get), ctx());
  }

  private static String str(EscValue.Obj o, String k) {
    EscValue v = o.properties().get(k);
    assertThat(v.secret()).as(k + " is secret").isTrue();
    return ((EscValue.Str) v).value();
  }

  @Test
  void seed002ApplicationEnvironment() throws Exception {
    EscValue.Obj out = open(obj("api-key", obj("secretId", "api-key")));
    assertThat(str(out, "api-key")).isEqualTo("my-api-key");
    assertThat(calls.count("BatchGetSecretValue")).isEqualTo(1);
    assertThat(calls.count("GetSecretValue")).isZero();
  }

  @Test
  void versionsGoThroughGetSecretValueAndJsonIsNotParsed() throws Exception {
    EscValue.Obj out = open(obj(
        "current", obj("secretId", "prod-db"),
        "previous", obj("secretId", "prod-db", "versionStage", "AWSPREVIOUS"),
        "byId", obj("secretId", "prod-db", "versionId", previousVersion),
        "byArn", obj("secretId", apiKeyArn),
        "blob", obj("secretId", "blob")));
    assertThat(str(out, "current")).isEqualTo("{\"user\":\"app\",\"password\":\"new-pw\"}");
    assertThat(str(out, "previous")).isEqualTo("{\"user\":\"app\",\"password\":\"old-pw\"}");
    assertThat(str(out, "byId")).isEqualTo("{\"user\":\"app\",\"password\":\"old-pw\"}");
    assertThat(str(out, "byArn")).isEqualTo("my-api-key");
    assertThat(str(out, "blob")).isEqualTo("AQID");
    assertThat(calls.count("BatchGetSecretValue")).isEqualTo(1);
    assertThat(calls.count("GetSecretValue")).isEqualTo(2);
  }

  @Test
  void batchesOfTwentyInParallel() throws Exception {
    // every BatchGetSecretValue call waits here until all three have arrived: only parallel calls pass
    CountDownLatch arrived = new CountDownLatch(3);
    ExecutionInterceptor barrier = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
        arrived.countDown();
        try {
          if (!arrived.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the batch calls did not run in parallel");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    settings = AwsClientSettings.builder().endpoint(MotoServer.endpoint()).environment(Map.of())
        .addInterceptor(calls).addInterceptor(barrier).maxAttempts(1).build();
    Map<String, Object> get = new LinkedHashMap<>();
    for (int i = 0; i < 45; i++) {
      get.put("s" + i, obj("secretId", "bulk/secret-" + i));
    }
    get.put("again", obj("secretId", "bulk/secret-0")); // the same id is fetched once
    EscValue.Obj out = open(obj(get));
    for (int i = 0; i < 45; i++) {
      assertThat(str(out, "s" + i)).isEqualTo("value-" + i);
    }
    assertThat(str(out, "again")).isEqualTo("value-0");
    assertThat(calls.count("BatchGetSecretValue")).isEqualTo(3);
    assertThat(calls.requests()).allSatisfy(r ->
        assertThat(((BatchGetSecretValueRequest) r).secretIdList()).hasSizeLessThanOrEqualTo(20));
    assertThat(calls.requests().stream().mapToInt(r -> ((BatchGetSecretValueRequest) r).secretIdList().size())
        .sum()).isEqualTo(45);
  }

  @Test
  void missingSecretsAreReportedTogetherByEntry() {
    ProviderException e = catchThrowableOfType(ProviderException.class, () -> open(obj(
        "api-key", obj("secretId", "api-key"),
        "gone", obj("secretId", "no-such-secret"),
        "old", obj("secretId", "prod-db", "versionStage", "NO-SUCH-STAGE"))));
    assertThat(e.getMessage())
        .startsWith("aws-secrets: 2 of 3 entries failed: ")
        .contains("\"gone\" (secretId \"no-such-secret\"): secretsmanager:BatchGetSecretValue: ResourceNotFoundException")
        .contains("\"old\" (secretId \"prod-db\", versionStage \"NO-SUCH-STAGE\"): secretsmanager:GetSecretValue:"
            + " ResourceNotFoundException")
        .doesNotContain("my-api-key").doesNotContain("pw");
    assertThat(e.fix()).contains("check the secretId");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void inputErrors() {
    assertThatThrownBy(() -> provider.open(obj("region", "us-west-2", "get", obj()), ctx()))
        .hasMessageContaining("aws-secrets: invalid input \"login\": missing");
    assertThatThrownBy(() -> provider.open(obj("region", "us-west-2", "login", "x", "get", obj()), ctx()))
        .hasMessageContaining("\"login\": must be an aws-login output");
    assertThatThrownBy(() -> provider.open(obj("region", "us-west-2", "login", LOGIN,
        "get", obj("a", obj("secretID", "x"))), ctx()))
        .hasMessageContaining("\"get.a.secretID\": unknown input");
    assertThatThrownBy(() -> provider.open(obj("login", LOGIN, "get", obj()), ctx()))
        .hasMessageContaining("\"region\": missing");
    assertThat(calls.total()).isZero();
  }

  @Test
  void deniedBatchFallsBackToGetSecretValue() throws Exception {
    try (var stub = io.esc4j.aws.testing.StubAws.json(target -> target.endsWith("BatchGetSecretValue")
        ? new io.esc4j.aws.testing.StubAws.Reply(400, "application/x-amz-json-1.1",
            "{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized\"}")
        : new io.esc4j.aws.testing.StubAws.Reply(200, "application/x-amz-json-1.1",
            "{\"Name\":\"x\",\"SecretString\":\"from-get\"}"))) {
      settings = AwsClientSettings.builder().endpoint(stub.endpoint()).environment(Map.of()).maxAttempts(1)
          .addInterceptor(calls).build();
      EscValue.Obj out = open(obj("a", obj("secretId", "a"), "b", obj("secretId", "b")));
      assertThat(str(out, "a")).isEqualTo("from-get");
      assertThat(str(out, "b")).isEqualTo("from-get");
      assertThat(calls.count("BatchGetSecretValue")).isEqualTo(1);
      assertThat(calls.count("GetSecretValue")).isEqualTo(2);
    }
  }

  @Test
  void serviceErrorsNameTheOperationAndCode() throws Exception {
    try (var stub = io.esc4j.aws.testing.StubAws.jsonError(400, "AccessDeniedException",
        "User is not authorized to perform secretsmanager:GetSecretValue")) {
      settings = AwsClientSettings.builder().endpoint(stub.endpoint()).environment(Map.of()).maxAttempts(1).build();
      ProviderException e = catchThrowableOfType(ProviderException.class,
          () -> open(obj("a", obj("secretId", "a"), "b", obj("secretId", "b"))));
      assertThat(e.getMessage()).startsWith("aws-secrets: 2 of 2 entries failed:")
          .contains("\"a\" (secretId \"a\"): secretsmanager:GetSecretValue: AccessDeniedException: User is not"
              + " authorized");
      assertThat(e.fix()).contains("allow secretsmanager:GetSecretValue");
    }
  }
}
