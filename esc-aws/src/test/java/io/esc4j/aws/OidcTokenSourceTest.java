package io.esc4j.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OidcTokenSourceTest {
  private static final OidcTokenRequest REQ = new OidcTokenRequest("acme", "alice", "myapp/dev", "myapp/dev",
      List.of());
  private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";

  @Test
  void explicitComesFirst(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("t"), "FROMFILE-TOKEN\n");
    OidcTokenSource s = OidcTokenSource.detector().token("EXPLICIT-TOKEN")
        .environment(Map.of(OidcTokenSource.AWS_WEB_IDENTITY_TOKEN_FILE, f.toString())).build();
    assertThat(s.token(REQ)).isEqualTo("EXPLICIT-TOKEN");
    assertThatThrownBy(() -> OidcTokenSource.detector().token("a").tokenFile(f))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void webIdentityTokenFileComesBeforeGitHubAndSelfHosted(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("t"), "FROMFILE-TOKEN\n");
    SelfHostedIssuer issuer = SelfHostedIssuer.builder().issuer("https://i.example")
        .keyPair(SelfHostedIssuer.generateKeyPair()).build();
    OidcTokenSource s = OidcTokenSource.detector().selfHosted(issuer)
        .environment(Map.of(OidcTokenSource.AWS_WEB_IDENTITY_TOKEN_FILE, f.toString(),
            OidcTokenSource.ACTIONS_ID_TOKEN_REQUEST_URL, "http://127.0.0.1:1/x",
            OidcTokenSource.ACTIONS_ID_TOKEN_REQUEST_TOKEN, "gh"))
        .build();
    assertThat(s.token(REQ)).isEqualTo("FROMFILE-TOKEN");
    assertThat(s.customizesClaims()).isFalse();
    assertThat(s.description()).contains("AWS_WEB_IDENTITY_TOKEN_FILE");
    // the file is read on every use: a rotated token is picked up
    Files.writeString(f, "ROTATED-TOKEN");
    assertThat(s.token(REQ)).isEqualTo("ROTATED-TOKEN");
    // without the file variable, GitHub comes next; without GitHub, the self-hosted issuer
    assertThat(OidcTokenSource.detector().selfHosted(issuer).environment(Map.of(
        OidcTokenSource.ACTIONS_ID_TOKEN_REQUEST_URL, "http://127.0.0.1:1/x",
        OidcTokenSource.ACTIONS_ID_TOKEN_REQUEST_TOKEN, "gh")).build().description()).startsWith("GitHub Actions");
    assertThat(OidcTokenSource.detector().selfHosted(issuer).environment(Map.of()).build()).isSameAs(issuer);
  }

  @Test
  void selfHostedFromEnvironmentVariables(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("key.pem");
    SelfHostedIssuer.writePrivateKeyPem(SelfHostedIssuer.generateKeyPair(), key);
    OidcTokenSource s = OidcTokenSource.detector().environment(Map.of(
        OidcTokenSource.ESC_OIDC_ISSUER, "https://issuer.example.com/esc",
        OidcTokenSource.ESC_OIDC_PRIVATE_KEY_FILE, key.toString())).build();
    assertThat(s).isInstanceOf(SelfHostedIssuer.class);
    assertThat(s.customizesClaims()).isTrue();
  }

  @Test
  void nothingFoundSaysWhatWasTried() {
    OidcTokenSource s = OidcTokenSource.detector().environment(Map.of()).build();
    assertThatThrownBy(() -> s.token(REQ)).isInstanceOf(OidcTokenException.class)
        .hasMessageContaining("AWS_WEB_IDENTITY_TOKEN_FILE").hasMessageContaining("GitHub Actions")
        .hasMessageContaining("self-hosted")
        .satisfies(e -> assertThat(((OidcTokenException) e).fix()).contains("OidcTokenSource"));
  }

  @Test
  void platformTokensRefuseSubjectAttributes(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("t"), JWT);
    OidcTokenRequest custom = new OidcTokenRequest("acme", "alice", "myapp/dev", "myapp/dev",
        List.of("currentEnvironment.name"));
    assertThatThrownBy(() -> OidcTokenSource.ofFile(f).token(custom)).isInstanceOf(OidcTokenException.class)
        .hasMessageContaining("subjectAttributes").hasMessageNotContaining(JWT);
    assertThatThrownBy(() -> OidcTokenSource.ofToken(JWT).token(custom)).hasMessageNotContaining(JWT);
  }

  @Test
  void missingFileAndEmptyToken(@TempDir Path dir) {
    assertThatThrownBy(() -> OidcTokenSource.ofFile(dir.resolve("none")).token(REQ))
        .isInstanceOf(OidcTokenException.class).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> OidcTokenSource.ofSupplier(() -> " ").token(REQ))
        .isInstanceOf(OidcTokenException.class).hasMessageContaining("empty");
  }

  @Test
  void gitHubActionsRequestsTheAudienceWithTheBearerToken() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicReference<String> query = new AtomicReference<>();
    AtomicReference<String> auth = new AtomicReference<>();
    server.createContext("/token", ex -> {
      query.set(ex.getRequestURI().getRawQuery());
      auth.set(ex.getRequestHeaders().getFirst("Authorization"));
      byte[] body = ("{\"count\":1,\"value\":\"" + JWT + "\"}").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders("bearer GH-REQUEST-TOKEN".equals(auth.get()) ? 200 : 403, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/token?api-version=2.0";
      OidcTokenSource s = OidcTokenSource.detector().environment(Map.of(
          OidcTokenSource.ACTIONS_ID_TOKEN_REQUEST_URL, url,
          OidcTokenSource.ACTIONS_ID_TOKEN_REQUEST_TOKEN, "GH-REQUEST-TOKEN")).build();
      assertThat(s.token(REQ)).isEqualTo(JWT);
      assertThat(query.get()).isEqualTo("api-version=2.0&audience=aws%3Aacme");
      assertThat(auth.get()).isEqualTo("bearer GH-REQUEST-TOKEN");

      OidcTokenSource sts = OidcTokenSource.detector().githubAudience("sts.amazonaws.com").environment(Map.of(
          OidcTokenSource.ACTIONS_ID_TOKEN_REQUEST_URL, url,
          OidcTokenSource.ACTIONS_ID_TOKEN_REQUEST_TOKEN, "GH-REQUEST-TOKEN")).build();
      sts.token(REQ);
      assertThat(query.get()).endsWith("audience=sts.amazonaws.com");

      OidcTokenSource denied = OidcTokenSource.githubActions(java.net.URI.create(url), "WRONG-BEARER", null);
      assertThatThrownBy(() -> denied.token(REQ)).isInstanceOf(OidcTokenException.class)
          .hasMessageContaining("HTTP 403").hasMessageNotContaining("WRONG-BEARER")
          .satisfies(e -> assertThat(((OidcTokenException) e).fix()).contains("id-token: write"));
      assertThat(denied.toString()).doesNotContain("WRONG-BEARER");
    } finally {
      server.stop(0);
    }
  }
}
