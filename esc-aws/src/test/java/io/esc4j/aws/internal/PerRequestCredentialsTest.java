package io.esc4j.aws.internal;

import static io.esc4j.aws.testing.V.obj;
import static io.esc4j.aws.testing.V.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esc4j.EscValue;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.testing.MotoServer;
import io.esc4j.aws.testing.TestContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The Secrets Manager and SSM clients are shared by every login: each request is signed with the
 * credentials of its own open, and a request without credentials fails instead of signing with
 * anything else. (esc-testkit checks the signatures themselves against the credentials it issued.)
 */
@ExtendWith(MotoServer.class)
class PerRequestCredentialsTest {

  /** The access key id and session token of every signed request, in order. */
  static final class Signatures implements ExecutionInterceptor {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
      String auth = context.httpRequest().firstMatchingHeader("Authorization").orElse("");
      int from = auth.indexOf("Credential=") + "Credential=".length();
      String key = from < "Credential=".length() ? "unsigned" : auth.substring(from, auth.indexOf('/', from));
      seen.add(key + " " + context.httpRequest().firstMatchingHeader("X-Amz-Security-Token").orElse("-"));
    }
  }

  @BeforeAll
  static void seed() {
    try (SecretsManagerClient sm = MotoServer.secretsManager()) {
      sm.createSecret(b -> b.name("per-request/one").secretString("v1"));
    }
    try (SsmClient ssm = MotoServer.ssm()) {
      ssm.putParameter(b -> b.name("/per-request/one").value("p1").type(ParameterType.STRING).overwrite(true));
    }
  }

  private static EscValue login(String key, String token) {
    return token == null
        ? obj("accessKeyId", secret(key), "secretAccessKey", secret("secret-of-" + key))
        : obj("accessKeyId", secret(key), "secretAccessKey", secret("secret-of-" + key), "sessionToken",
            secret(token), "expiration", "2099-01-01T00:00:00Z");
  }

  @Test
  void everyRequestIsSignedWithItsOpensLoginThroughOneClientPerService() throws Exception {
    Signatures signatures = new Signatures();
    AwsClientSettings settings = AwsClientSettings.builder().endpoint(MotoServer.endpoint()).environment(Map.of())
        .addInterceptor(signatures).build();
    TestContext ctx = TestContext.of().with(AwsClientSettings.class, settings);
    AwsClients clients = new AwsClients();
    AwsSecretsProvider secrets = new AwsSecretsProvider(clients);
    AwsParameterStoreProvider params = new AwsParameterStoreProvider(clients);

    EscValue.Obj getSecret = obj("one", obj("secretId", "per-request/one"));
    EscValue.Obj getParam = obj("one", obj("name", "/per-request/one"));
    String[][] logins = {{"ASIAFIRST", "token-1"}, {"ASIASECOND", "token-2"}, {"AKIASTATIC", null}};
    for (String[] l : logins) {
      EscValue login = login(l[0], l[1]);
      assertThat(secrets.open(obj("region", MotoServer.REGION, "login", login, "get", getSecret), ctx).toString())
          .isNotEmpty();
      assertThat(params.open(obj("region", MotoServer.REGION, "login", login, "get", getParam), ctx).toString())
          .isNotEmpty();
    }

    assertThat(signatures.seen).containsExactly(
        "ASIAFIRST token-1", "ASIAFIRST token-1",
        "ASIASECOND token-2", "ASIASECOND token-2",
        "AKIASTATIC -", "AKIASTATIC -");
    assertThat(clients.size()).as("one Secrets Manager and one SSM client for three logins").isEqualTo(2);
  }

  @Test
  void aRequestWithoutCredentialsFailsAndNeverUsesOtherCredentials() {
    AwsClients clients = new AwsClients();
    AwsClientSettings settings = AwsClientSettings.builder().endpoint(MotoServer.endpoint())
        .environment(Map.of("AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "env-secret")).build();
    assertThatThrownBy(() -> clients.secretsManager(settings, MotoServer.REGION).listSecrets())
        .isInstanceOf(SdkClientException.class)
        .hasMessageContaining("no credentials");
    assertThatThrownBy(() -> clients.ssm(settings, MotoServer.REGION).describeParameters())
        .isInstanceOf(SdkClientException.class)
        .hasMessageContaining("no credentials");
  }
}
