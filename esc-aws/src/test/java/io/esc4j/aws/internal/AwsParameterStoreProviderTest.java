package io.esc4j.aws.internal;

import static io.esc4j.aws.testing.V.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.esc4j.EscValue;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.testing.CountingInterceptor;
import io.esc4j.aws.testing.MotoServer;
import io.esc4j.aws.testing.TestContext;
import io.esc4j.spi.ProviderException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersRequest;
import software.amazon.awssdk.services.ssm.model.ParameterType;

@ExtendWith(MotoServer.class)
class AwsParameterStoreProviderTest {
  private final AwsParameterStoreProvider provider = new AwsParameterStoreProvider();
  private CountingInterceptor calls;
  private AwsClientSettings settings;
  static String myKeyArn;

  @BeforeAll
  static void seed() {
    MotoServer.reset();
    try (SsmClient ssm = MotoServer.ssm()) {
      ssm.putParameter(b -> b.name("/myNamespace/myKey").value("v1").type(ParameterType.STRING));
      ssm.putParameter(b -> b.name("/myNamespace/myKey").value("v2").type(ParameterType.STRING).overwrite(true));
      ssm.labelParameterVersion(b -> b.name("/myNamespace/myKey").parameterVersion(1L).labels("stable"));
      ssm.putParameter(b -> b.name("/myNamespace/secureKey").value("s3cr3t-value").type(ParameterType.SECURE_STRING));
      ssm.putParameter(b -> b.name("/myNamespace/myList").value("value 1,value 2").type(ParameterType.STRING_LIST));
      for (int i = 0; i < 23; i++) {
        int n = i;
        ssm.putParameter(b -> b.name("/bulk/p" + n).value("value-" + n).type(ParameterType.STRING));
      }
      for (int i = 0; i < 3; i++) {
        int n = i;
        ssm.putParameter(b -> b.name("/bulk/secure" + n).value("secure-" + n).type(ParameterType.SECURE_STRING));
      }
      myKeyArn = ssm.getParameter(b -> b.name("/myNamespace/myKey")).parameter().arn();
    }
  }

  @BeforeEach
  void settings() {
    calls = new CountingInterceptor();
    settings = AwsClientSettings.builder().endpoint(MotoServer.endpoint()).environment(Map.of())
        .addInterceptor(calls).build();
  }

  private EscValue.Obj open(EscValue.Obj get) throws ProviderException {
    return (EscValue.Obj) provider.open(
        obj("region", MotoServer.REGION, "login", AwsSecretsProviderTest.LOGIN, "get", get),
        TestContext.of().with(AwsClientSettings.class, settings));
  }

  private static String str(EscValue.Obj o, String k) {
    EscValue v = o.properties().get(k);
    assertThat(v.secret()).as(k + " is secret").isTrue();
    return ((EscValue.Str) v).value();
  }

  @Test
  void theDocumentedExample() throws Exception {
    EscValue.Obj out = open(obj(
        "myKey", obj("name", "/myNamespace/myKey"),
        "myKeyByVersion", obj("name", "/myNamespace/myKey:1"),
        "myKeyByVersionLabel", obj("name", "/myNamespace/myKey:stable"),
        "secureKey", obj("name", "/myNamespace/secureKey", "decrypt", true),
        "myList", obj("name", "/myNamespace/myList")));
    assertThat(str(out, "myKey")).isEqualTo("v2");
    assertThat(str(out, "myKeyByVersion")).isEqualTo("v1");
    assertThat(str(out, "myKeyByVersionLabel")).isEqualTo("v1");
    assertThat(str(out, "secureKey")).isEqualTo("s3cr3t-value");
    EscValue list = out.properties().get("myList");
    assertThat(list.secret()).isTrue();
    assertThat(((EscValue.Arr) list).items()).extracting(v -> ((EscValue.Str) v).value())
        .containsExactly("value 1", "value 2");
    // without decryption: /myNamespace/myKey three times, so three calls; with decryption: one
    assertThat(calls.count("GetParameters")).isEqualTo(4);
    assertThat(calls.requests()).extracting(r -> ((GetParametersRequest) r).withDecryption())
        .containsExactlyInAnyOrder(true, false, false, false);
  }

  @Test
  void tenNamesPerCallGroupedByDecrypt() throws Exception {
    Map<String, Object> get = new LinkedHashMap<>();
    for (int i = 0; i < 23; i++) {
      get.put("p" + i, obj("name", "/bulk/p" + i));
    }
    for (int i = 0; i < 3; i++) {
      get.put("s" + i, obj("name", "/bulk/secure" + i, "decrypt", true));
    }
    EscValue.Obj out = open(obj(get));
    for (int i = 0; i < 23; i++) {
      assertThat(str(out, "p" + i)).isEqualTo("value-" + i);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(str(out, "s" + i)).isEqualTo("secure-" + i);
    }
    assertThat(calls.count("GetParameters")).isEqualTo(4); // 10 + 10 + 3 plain, 3 decrypted
    List<Integer> sizes = calls.requests().stream().map(r -> ((GetParametersRequest) r).names().size()).sorted()
        .toList();
    assertThat(sizes).containsExactly(3, 3, 10, 10);
  }

  @Test
  void missingParametersAreReportedTogetherByEntry() {
    ProviderException e = catchThrowableOfType(ProviderException.class, () -> open(obj(
        "ok", obj("name", "/myNamespace/secureKey", "decrypt", true),
        "gone", obj("name", "/no/such"),
        "badVersion", obj("name", "/myNamespace/myKey:99"))));
    assertThat(e.getMessage())
        .startsWith("aws-parameter-store: 2 of 3 entries failed: ")
        .contains("\"badVersion\" (name \"/myNamespace/myKey:99\"): ssm:GetParameters: ParameterNotFound")
        .contains("\"gone\" (name \"/no/such\"): ssm:GetParameters: ParameterNotFound")
        .doesNotContain("s3cr3t-value");
    assertThat(e.fix()).contains("check the name");
  }

  @Test
  void oneCallNeverHoldsTwoReferencesToOneParameter() {
    List<String> names = new java.util.ArrayList<>(List.of("/a", "/a:1", "/a:stable", "/b"));
    for (int i = 0; i < 12; i++) {
      names.add("/n" + i);
    }
    List<List<String>> chunks = AwsParameterStoreProvider.chunks(names);
    assertThat(chunks).hasSize(3);
    assertThat(chunks.get(0)).hasSize(10).contains("/a", "/b").doesNotContain("/a:1", "/a:stable");
    assertThat(chunks.get(1)).contains("/a:1").doesNotContain("/a:stable");
    assertThat(chunks.get(2)).contains("/a:stable");
  }

  @Test
  void arnRequestsMatchByArnOrName() {
    // moto answers ARNs in GetParameters as invalid, so this is checked on the matching alone
    var ref = AwsParameterStoreProvider.Ref.parse("arn:aws:ssm:us-west-2:123456789012:parameter/a/b:2");
    var p = software.amazon.awssdk.services.ssm.model.Parameter.builder().name("/a/b").selector(":2")
        .arn("arn:aws:ssm:us-west-2:123456789012:parameter/a/b").build();
    assertThat(ref.matches(p)).isTrue();
    assertThat(ref.matches(p.toBuilder().selector(":3").build())).isFalse();
    assertThat(ref.matches(p.toBuilder().name("/a/c").arn("x").build())).isFalse();
  }

  @Test
  void refParsing() {
    assertThat(AwsParameterStoreProvider.Ref.parse("/a/b")).isEqualTo(new AwsParameterStoreProvider.Ref("/a/b", ""));
    assertThat(AwsParameterStoreProvider.Ref.parse("/a/b:3"))
        .isEqualTo(new AwsParameterStoreProvider.Ref("/a/b", ":3"));
    assertThat(AwsParameterStoreProvider.Ref.parse("arn:aws:ssm:us-west-2:123456789012:parameter/a/b:stable"))
        .isEqualTo(new AwsParameterStoreProvider.Ref("arn:aws:ssm:us-west-2:123456789012:parameter/a/b", ":stable"));
    assertThat(AwsParameterStoreProvider.Ref.parse("arn:aws:ssm:us-west-2:123456789012:parameter/a/b"))
        .isEqualTo(new AwsParameterStoreProvider.Ref("arn:aws:ssm:us-west-2:123456789012:parameter/a/b", ""));
  }
}
