package io.esc4j.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

class CredentialsRefresherTest {
  static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
  final AtomicReference<Instant> now = new AtomicReference<>(T0);
  final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId z) { return this; }
    @Override public Instant instant() { return now.get(); }
  };
  final AtomicInteger loads = new AtomicInteger();

  static AwsLogin login(int n, Instant exp) {
    return new AwsLogin("ASIA" + n, "SECRET-" + n, "TOKEN-" + n, exp);
  }

  CredentialsRefresher refresher(CredentialsRefresher.Loader loader) {
    return new CredentialsRefresher(login(0, T0.plus(Duration.ofHours(1))), loader, clock, Duration.ofMinutes(5),
        Duration.ofMinutes(1), Duration.ofSeconds(10), "environment \"myapp/dev\", path \"aws.login\"");
  }

  @Test
  void renewsOnlyInsideTheWindow() {
    CredentialsRefresher r = refresher(() -> login(loads.incrementAndGet(), now.get().plus(Duration.ofHours(1))));
    assertThat(r.resolve().accessKeyId()).isEqualTo("ASIA0");
    now.set(T0.plus(Duration.ofMinutes(54)));
    assertThat(r.resolve().accessKeyId()).isEqualTo("ASIA0");
    assertThat(loads).hasValue(0);
    now.set(T0.plus(Duration.ofMinutes(55)));
    assertThat(r.resolve().accessKeyId()).isEqualTo("ASIA1");
    assertThat(r.resolve().accessKeyId()).isEqualTo("ASIA1");
    assertThat(loads).hasValue(1);
    assertThat(r.expiration()).isEqualTo(T0.plus(Duration.ofMinutes(115)));
  }

  @Test
  void staticCredentialsAreNeverRenewed() {
    CredentialsRefresher r = new CredentialsRefresher(login(0, null), () -> {
      throw new AssertionError("no reload");
    }, clock, Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofSeconds(10), "x");
    now.set(T0.plus(Duration.ofDays(365)));
    assertThat(r.resolve().accessKeyId()).isEqualTo("ASIA0");
  }

  @Test
  void singleFlightWhenTheCredentialsAreAboutToExpire() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CredentialsRefresher r = refresher(() -> {
      entered.countDown();
      release.await(60, TimeUnit.SECONDS);
      return login(loads.incrementAndGet(), now.get().plus(Duration.ofHours(1)));
    });
    now.set(T0.plus(Duration.ofMinutes(59).plusSeconds(30))); // past expiration - 1 minute: everyone waits
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Thread> threads = new ArrayList<>();
    List<Future<AwsCredentials>> results = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      results.add(pool.submit(() -> {
        synchronized (threads) {
          threads.add(Thread.currentThread());
        }
        return r.resolve();
      }));
    }
    assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();
    // wait until the other 15 callers are parked on the lock, then let the one reload finish
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      long parked;
      synchronized (threads) {
        parked = threads.stream().filter(t -> t.getState() == Thread.State.WAITING).count();
      }
      if (parked >= 15 || System.nanoTime() > deadline) {
        break; // 15 on the lock (the loader waits on its latch with a timeout: TIMED_WAITING)
      }
      Thread.onSpinWait();
    }
    release.countDown();
    for (Future<AwsCredentials> f : results) {
      assertThat(f.get(60, TimeUnit.SECONDS).accessKeyId()).isEqualTo("ASIA1");
    }
    pool.shutdown();
    assertThat(loads).hasValue(1);
  }

  @Test
  void noStampedeInsideTheWindow() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CredentialsRefresher r = refresher(() -> {
      entered.countDown();
      release.await(60, TimeUnit.SECONDS);
      return login(loads.incrementAndGet(), now.get().plus(Duration.ofHours(1)));
    });
    now.set(T0.plus(Duration.ofMinutes(56)));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<AwsCredentials> renewing = pool.submit(r::resolve);
    assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();
    // while one caller renews, the others get the still-valid credentials without waiting
    for (int i = 0; i < 5; i++) {
      assertThat(r.resolve().accessKeyId()).isEqualTo("ASIA0");
    }
    release.countDown();
    assertThat(renewing.get(60, TimeUnit.SECONDS).accessKeyId()).isEqualTo("ASIA1");
    assertThat(r.resolve().accessKeyId()).isEqualTo("ASIA1");
    assertThat(loads).hasValue(1);
    pool.shutdown();
  }

  @Test
  void aFailedRenewalKeepsTheLastGoodCredentialsUntilTheyExpire() {
    AtomicInteger attempts = new AtomicInteger();
    CredentialsRefresher r = refresher(() -> {
      attempts.incrementAndGet();
      throw new IllegalStateException("myapp/dev:3:7: error: aws-login: sts:AssumeRoleWithWebIdentity: Throttling");
    });
    now.set(T0.plus(Duration.ofMinutes(56)));
    assertThat(r.resolve().accessKeyId()).isEqualTo("ASIA0");
    assertThat(r.resolve().accessKeyId()).isEqualTo("ASIA0");
    assertThat(attempts).as("no retry before the delay").hasValue(1);
    now.set(T0.plus(Duration.ofMinutes(56)).plusSeconds(11));
    assertThat(r.resolve().accessKeyId()).isEqualTo("ASIA0");
    assertThat(attempts).hasValue(2);
    now.set(T0.plus(Duration.ofMinutes(60)));
    assertThatThrownBy(r::resolve).isInstanceOf(SdkClientException.class)
        .hasMessageContaining("environment \"myapp/dev\", path \"aws.login\"")
        .hasMessageContaining("Throttling")
        .hasMessageNotContaining("SECRET-0").hasMessageNotContaining("TOKEN-0");
  }
}
