package io.esc4j.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.AwsClientSettings.Service;
import io.esc4j.aws.testing.MotoServer;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmallPartsTest {
  @Test
  void theLastCallOfAGroupRunsInTheCallingThread() {
    Thread caller = Thread.currentThread();
    var pooled = Parallel.run(Thread::currentThread, false);
    var here = Parallel.run(Thread::currentThread, true);
    assertThat(here).isDone();
    assertThat(Parallel.join(here)).isSameAs(caller);
    assertThat(Parallel.join(pooled)).isNotSameAs(caller);
    var failed = Parallel.run(() -> {
      throw new IllegalStateException("boom");
    }, true);
    assertThatThrownBy(() -> Parallel.join(failed)).isInstanceOf(IllegalStateException.class).hasMessage("boom");
  }

  @Test
  void goDurations() {
    assertThat(GoDuration.parseSeconds("1h")).isEqualTo(3600);
    assertThat(GoDuration.parseSeconds("1h30m")).isEqualTo(5400);
    assertThat(GoDuration.parseSeconds("90m")).isEqualTo(5400);
    assertThat(GoDuration.parseSeconds("1.5h")).isEqualTo(5400);
    assertThat(GoDuration.parseSeconds("2h45m30.9s")).isEqualTo(9930);
    assertThat(GoDuration.parseSeconds("1500ms")).isEqualTo(1);
    assertThat(GoDuration.parseSeconds("0")).isZero();
    assertThat(GoDuration.parseSeconds("-15m")).isEqualTo(-900);
    for (String bad : new String[] {"", "1", "h", "1d", "1h 30m", "one hour", "1hh"}) {
      assertThatThrownBy(() -> GoDuration.parseSeconds(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(GoDuration.format(900)).isEqualTo("15m0s");
    assertThat(GoDuration.format(43200)).isEqualTo("12h0m0s");
    assertThat(GoDuration.format(45)).isEqualTo("45s");
  }

  @Test
  void endpointPrecedence() {
    Map<String, String> env = Map.of(
        "AWS_ENDPOINT_URL", "http://global:1",
        "AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://sm:2",
        "AWS_REGION", "eu-west-1");
    AwsClientSettings fromEnv = AwsClientSettings.builder().environment(env).build();
    assertThat(fromEnv.endpointFor(Service.SECRETS_MANAGER)).hasValue(URI.create("http://sm:2"));
    assertThat(fromEnv.endpointFor(Service.SSM)).hasValue(URI.create("http://global:1"));
    assertThat(fromEnv.endpointFor(Service.STS)).hasValue(URI.create("http://global:1"));
    assertThat(fromEnv.stsRegion()).isEqualTo("eu-west-1");

    AwsClientSettings explicit = AwsClientSettings.builder().environment(env)
        .endpoint(URI.create("http://all:3")).endpoint(Service.SSM, URI.create("http://ssm:4")).stsRegion("us-east-2")
        .build();
    assertThat(explicit.endpointFor(Service.SECRETS_MANAGER)).hasValue(URI.create("http://all:3"));
    assertThat(explicit.endpointFor(Service.SSM)).hasValue(URI.create("http://ssm:4"));
    assertThat(explicit.stsRegion()).isEqualTo("us-east-2");

    AwsClientSettings ignored = AwsClientSettings.builder().environment(Map.of("AWS_ENDPOINT_URL", "http://g:1",
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")).build();
    assertThat(ignored.endpointFor(Service.STS)).isEmpty();
    assertThat(ignored.stsRegion()).isEqualTo("us-east-1");
    assertThat(Service.STS.endpointVariable()).isEqualTo("AWS_ENDPOINT_URL_STS");
    assertThat(Service.SECRETS_MANAGER.endpointVariable()).isEqualTo("AWS_ENDPOINT_URL_SECRETS_MANAGER");
    assertThat(Service.SSM.endpointVariable()).isEqualTo("AWS_ENDPOINT_URL_SSM");

    assertThatThrownBy(() -> AwsClientSettings.builder().environment(Map.of("AWS_ENDPOINT_URL", "not a url")).build()
        .endpointFor(Service.STS)).hasMessageContaining("AWS_ENDPOINT_URL");
    assertThatThrownBy(() -> AwsClientSettings.builder().endpoint(URI.create("ftp://x"))).isInstanceOf(
        IllegalArgumentException.class);
  }

  @Test
  void clientsAreReusedPerRegionWhateverTheCredentials() {
    // the clients hold no credentials (each request carries the login's), so a new login or a
    // renewal reuses them; before, every login built one Secrets Manager and one SSM client
    AwsClients clients = new AwsClients();
    AwsClientSettings s = AwsClientSettings.builder().endpoint(MotoServer.endpoint()).environment(Map.of()).build();
    AwsClientSettings other = AwsClientSettings.builder().endpoint(MotoServer.endpoint()).environment(Map.of())
        .build();
    assertThat(clients.size()).isZero();
    var sm1 = clients.secretsManager(s, "us-west-2");
    assertThat(clients.secretsManager(s, "us-west-2")).isSameAs(sm1);
    assertThat(clients.secretsManager(s, "us-east-1")).isNotSameAs(sm1);
    assertThat(clients.secretsManager(other, "us-west-2")).isNotSameAs(sm1);
    assertThat(clients.sts(s)).isSameAs(clients.sts(s));
    assertThat(clients.size()).isEqualTo(4);
    assertThat(clients.ssm(s, "us-west-2")).isSameAs(clients.ssm(s, "us-west-2"));
    for (int i = 0; i < 20; i++) {
      clients.ssm(s, "region-" + i);
    }
    assertThat(clients.size()).as("bounded").isEqualTo(16);
  }

  @Test
  void jwtClaimsOfAnythingElse() {
    assertThat(JwtClaims.of("not a jwt").toString()).contains("not a JWT");
    assertThat(JwtClaims.of("a.b.c").issuer()).isEmpty();
  }
}
