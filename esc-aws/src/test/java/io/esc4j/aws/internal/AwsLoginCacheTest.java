package io.esc4j.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AwsLoginCacheTest {
  static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
  final AtomicReference<Instant> now = new AtomicReference<>(T0);
  final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId z) { return this; }
    @Override public Instant instant() { return now.get(); }
  };

  static AwsLoginCache.Key key(String session) {
    return new AwsLoginCache.Key("arn:aws:iam::123456789012:role/app", session, 3600, List.of(), "https://issuer",
        "aws:acme", "pulumi:environments:org:acme:env:myapp/dev", "digest", "us-east-1", "");
  }

  static AwsLogin login(int n, Instant exp) {
    return new AwsLogin("ASIA" + n, "SECRET-" + n, "TOKEN-" + n, exp);
  }

  @Test
  void handsOutALoginOnlyWhileTheMarginRemains() {
    AwsLoginCache c = new AwsLoginCache(clock, Duration.ofMinutes(10), 8);
    c.put(key("a"), login(1, T0.plus(Duration.ofHours(1))));
    assertThat(c.get(key("a"))).map(AwsLogin::accessKeyId).contains("ASIA1");
    now.set(T0.plus(Duration.ofMinutes(49)).plusSeconds(59));
    assertThat(c.get(key("a"))).isPresent();
    now.set(T0.plus(Duration.ofMinutes(50)));
    assertThat(c.get(key("a"))).isEmpty();
    assertThat(c.size()).isZero(); // dropped, not kept
  }

  @Test
  void keepsNoLoginWithoutExpirationOrAlmostExpired() {
    AwsLoginCache c = new AwsLoginCache(clock, Duration.ofMinutes(10), 8);
    c.put(key("static"), login(1, null));
    c.put(key("late"), login(2, T0.plus(Duration.ofMinutes(9))));
    assertThat(c.size()).isZero();
    assertThat(c.get(key("static"))).isEmpty();
  }

  @Test
  void keysDifferInEveryPart() {
    AwsLoginCache c = new AwsLoginCache(clock, Duration.ofMinutes(10), 16);
    AwsLoginCache.Key k = key("a");
    c.put(k, login(1, T0.plus(Duration.ofHours(1))));
    List<AwsLoginCache.Key> others = List.of(
        new AwsLoginCache.Key("arn:aws:iam::123456789012:role/other", "a", 3600, List.of(), "https://issuer",
            "aws:acme", k.subject(), "digest", "us-east-1", ""),
        key("b"),
        new AwsLoginCache.Key(k.roleArn(), "a", 7200, List.of(), k.issuer(), k.audience(), k.subject(), "digest",
            "us-east-1", ""),
        new AwsLoginCache.Key(k.roleArn(), "a", 3600, List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"), k.issuer(),
            k.audience(), k.subject(), "digest", "us-east-1", ""),
        new AwsLoginCache.Key(k.roleArn(), "a", 3600, List.of(), "https://other", k.audience(), k.subject(), "digest",
            "us-east-1", ""),
        new AwsLoginCache.Key(k.roleArn(), "a", 3600, List.of(), k.issuer(), "aws:other", k.subject(), "digest",
            "us-east-1", ""),
        new AwsLoginCache.Key(k.roleArn(), "a", 3600, List.of(), k.issuer(), k.audience(),
            "pulumi:environments:org:acme:env:myapp/prod", "digest", "us-east-1", ""),
        new AwsLoginCache.Key(k.roleArn(), "a", 3600, List.of(), k.issuer(), k.audience(), k.subject(), "other",
            "us-east-1", ""),
        new AwsLoginCache.Key(k.roleArn(), "a", 3600, List.of(), k.issuer(), k.audience(), k.subject(), "digest",
            "eu-west-1", ""),
        new AwsLoginCache.Key(k.roleArn(), "a", 3600, List.of(), k.issuer(), k.audience(), k.subject(), "digest",
            "us-east-1", "http://127.0.0.1:4566"));
    for (AwsLoginCache.Key o : others) {
      assertThat(c.get(o)).as(o.toString()).isEmpty();
    }
    assertThat(c.get(key("a"))).isPresent();
  }

  @Test
  void isBoundedLeastRecentlyUsedFirst() {
    AwsLoginCache c = new AwsLoginCache(clock, Duration.ofMinutes(10), 3);
    for (int i = 0; i < 3; i++) {
      c.put(key("s" + i), login(i, T0.plus(Duration.ofHours(1))));
    }
    c.get(key("s0"));
    c.put(key("s3"), login(3, T0.plus(Duration.ofHours(1))));
    assertThat(c.size()).isEqualTo(3);
    assertThat(c.get(key("s1"))).isEmpty();
    assertThat(c.get(key("s0"))).isPresent();
  }

  @Test
  void invalidateDropsByAccessKeyId() {
    AwsLoginCache c = new AwsLoginCache(clock, Duration.ofMinutes(10), 8);
    c.put(key("a"), login(1, T0.plus(Duration.ofHours(1))));
    c.put(key("b"), login(2, T0.plus(Duration.ofHours(1))));
    assertThat(c.invalidate("ASIA1")).isEqualTo(1);
    assertThat(c.get(key("a"))).isEmpty();
    assertThat(c.get(key("b"))).isPresent();
    assertThat(c.invalidate("ASIA9")).isZero();
  }

  @Test
  void otherClaimsIgnoreWhatChangesAtEveryMint() {
    String a = jwt("{\"iss\":\"i\",\"aud\":\"aws:acme\",\"sub\":\"s\",\"iat\":1,\"nbf\":1,\"exp\":2,\"jti\":\"x\","
        + "\"pulumi.user.login\":\"alice\"}");
    String b = jwt("{\"iss\":\"i\",\"aud\":\"aws:acme\",\"sub\":\"s\",\"iat\":5,\"nbf\":5,\"exp\":9,\"jti\":\"y\","
        + "\"pulumi.user.login\":\"alice\"}");
    String c = jwt("{\"iss\":\"i\",\"aud\":\"aws:acme\",\"sub\":\"s\",\"iat\":5,\"pulumi.user.login\":\"bob\"}");
    assertThat(AwsLoginCache.otherClaims(a)).isPresent().isEqualTo(AwsLoginCache.otherClaims(b));
    assertThat(AwsLoginCache.otherClaims(c)).isPresent().isNotEqualTo(AwsLoginCache.otherClaims(a));
    assertThat(AwsLoginCache.otherClaims("not a jwt")).isEmpty();
    assertThat(AwsLoginCache.otherClaims("a.bm90IGpzb24.c")).isEmpty();
  }

  @Test
  void claimsAreReadWithoutDatabind() {
    JwtClaims c = JwtClaims.of(jwt("{\"iss\":\"https://i\",\"aud\":[\"aws:acme\",\"sts\"],\"sub\":\"s\","
        + "\"n\":{\"x\":[1,2]}}"));
    assertThat(c.issuer()).isEqualTo("https://i");
    assertThat(c.audience()).isEqualTo("aws:acme,sts");
    assertThat(c.subject()).isEqualTo("s");
    assertThat(JwtClaims.of(jwt("[1]")).subject()).isEmpty();
    assertThat(JwtClaims.of(jwt("{\"sub\":")).subject()).isEmpty();
    // nested claims count in the digest
    assertThat(AwsLoginCache.otherClaims(jwt("{\"sub\":\"s\",\"n\":{\"x\":[1,2]}}")))
        .isNotEqualTo(AwsLoginCache.otherClaims(jwt("{\"sub\":\"s\",\"n\":{\"x\":[1,3]}}")));
  }

  @Test
  void showsNoSecret() {
    AwsLoginCache c = new AwsLoginCache(clock, Duration.ofMinutes(10), 8);
    c.put(key("a"), login(1, T0.plus(Duration.ofHours(1))));
    assertThat(c.toString()).doesNotContain("SECRET-1").doesNotContain("TOKEN-1");
    assertThat(c.get(key("a")).orElseThrow().toString()).doesNotContain("SECRET-1").doesNotContain("TOKEN-1");
  }

  @Test
  void isThreadSafeAndStaysBounded() throws Exception {
    AwsLoginCache c = new AwsLoginCache(clock, Duration.ofMinutes(10), 16);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int id = t;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            AwsLoginCache.Key k = key("s" + ((i * 7 + id) % 40));
            c.put(k, login(i, T0.plus(Duration.ofHours(1))));
            c.get(k);
            if (i % 100 == 0) {
              c.invalidate("ASIA" + i);
            }
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(c.size()).isLessThanOrEqualTo(16);
  }

  private static String jwt(String payload) {
    Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
    return e.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + e.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig";
  }
}
