package io.esc4j.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.esc4j.OpenEnvironment;
import io.esc4j.Secret;
import io.esc4j.testkit.LocalAwsServer;
import io.esc4j.testkit.Operation;
import io.esc4j.testkit.ParameterType;
import io.esc4j.testkit.RequestRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension, run through JUnit's own {@link EngineTestKit}: each nested {@code Case*} class is
 * a user's test class (surefire does not run them on their own).
 */
class EscExtensionTest {
  static final List<Object> SEEN = new CopyOnWriteArrayList<>();

  /** Asserts that {@code n} tests ran and succeeded, showing the failures otherwise. */
  private static void succeeds(Class<?> testClass, int n) {
    Events events = run(testClass);
    assertThat(events.failed().stream().map(e -> String.valueOf(
        e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElse(null))))
        .isEmpty();
    events.assertStatistics(s -> s.started(n).succeeded(n));
  }

  private static Events run(Class<?> testClass) {
    SEEN.clear();
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
  }

  @EscEnvironment("myapp/test")
  static class CaseInjection {
    @Test
    void typedValues(OpenEnvironment env, @EscValue("db.url") String url, @EscValue("db.port") int port,
        @EscValue("db.maxRows") long maxRows, @EscValue("db.ssl") boolean ssl,
        @EscValue("db.password") Secret<String> password, @EscValue("db") io.esc4j.EscValue db) {
      assertThat(env.name()).isEqualTo("myapp/test");
      assertThat(url).isEqualTo("jdbc:postgresql://localhost/test");
      assertThat(port).isEqualTo(5432);
      assertThat(maxRows).isEqualTo(10_000_000_000L);
      assertThat(ssl).isTrue();
      assertThat(password.reveal()).isEqualTo("s3cr3t");
      assertThat(password.toString()).doesNotContain("s3cr3t");
      assertThat(db).isInstanceOf(io.esc4j.EscValue.Obj.class);
    }

    @Test
    @EscEnvironment("myapp/other")
    void methodOverridesClass(@EscValue("db.url") String url) {
      assertThat(url).isEqualTo("jdbc:postgresql://other/test");
    }
  }

  @Test
  void injectsTheEnvironmentAndTypedValues() {
    succeeds(CaseInjection.class, 2);
  }

  @EscEnvironment(value = "myapp/test", classpath = "other-envs", organization = "acme", user = "alice")
  static class CaseClasspathRoot {
    @Test
    void fromAnotherRoot(@EscValue("db.url") String url, @EscValue("who") String who) {
      assertThat(url).isEqualTo("jdbc:h2:mem:from-another-root");
      assertThat(who).isEqualTo("alice@acme");
    }
  }

  @EscEnvironment(value = "myapp/test", directory = "src/test/resources/other-envs", organization = "o", user = "u")
  static class CaseDirectory {
    @Test
    void fromADirectory(@EscValue("db.url") String url) {
      assertThat(url).isEqualTo("jdbc:h2:mem:from-another-root");
    }
  }

  @Test
  void storesAreConfigurable() {
    succeeds(CaseClasspathRoot.class, 1);
    succeeds(CaseDirectory.class, 1);
  }

  @EscEnvironment("myapp/test")
  static class CaseLifecycle {
    @BeforeEach
    void before(OpenEnvironment env) {
      SEEN.add(env);
    }

    @Test
    void writesFiles(OpenEnvironment env) {
      SEEN.add(env);
      ProcessBuilder pb = env.applyTo(new ProcessBuilder("true"));
      Path file = Path.of(pb.environment().get("DB_CA_FILE"));
      assertThat(file).exists();
      SEEN.add(file);
    }

    @AfterEach
    void after(OpenEnvironment env) {
      SEEN.add(env);
    }
  }

  @Test
  void oneEnvironmentPerTestClosedAfterwardsWithItsFiles() {
    succeeds(CaseLifecycle.class, 1);
    assertThat(SEEN).hasSize(4);
    assertThat(SEEN.get(0)).isSameAs(SEEN.get(1)).isSameAs(SEEN.get(3));
    assertThat((Path) SEEN.get(2)).doesNotExist();
  }

  @EscEnvironment("myapp/test")
  static class CaseNested {
    @Nested
    class Inner {
      @Test
      void inherits(@EscValue("db.port") Integer port) {
        assertThat(port).isEqualTo(5432);
      }
    }
  }

  @Test
  void nestedClassesInheritTheAnnotation() {
    succeeds(CaseNested.class, 1);
  }

  @org.junit.jupiter.api.extension.ExtendWith(EscExtension.class)
  static class CaseErrors {
    @Test
    @EscEnvironment("myapp/missing")
    void missingEnvironment(OpenEnvironment env) {}

    @Test
    @EscEnvironment("myapp/test")
    void secretAsString(@EscValue("db.password") String pw) {}

    @Test
    @EscEnvironment("myapp/test")
    void unsupportedType(@EscValue("db.port") java.time.Duration d) {}

    @Test
    void noEnvironment(OpenEnvironment env) {}
  }

  @Test
  void clearFailures() {
    Events events = run(CaseErrors.class);
    events.assertStatistics(s -> s.started(4).failed(4));
    List<String> messages = events.failed().stream()
        .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
            .getThrowable().orElseThrow())
        .map(t -> t.getClass().getSimpleName() + ": " + t.getMessage()).toList();
    assertThat(messages).anySatisfy(m -> assertThat(m).contains("myapp/missing"));
    assertThat(messages).anySatisfy(m -> assertThat(m).contains("@EscValue(\"db.password\")").contains("secret"));
    assertThat(messages).anySatisfy(m -> assertThat(m).contains("unsupported parameter type java.time.Duration"));
    assertThat(messages).anySatisfy(m -> assertThat(m).contains("annotate the test class or method with @EscEnvironment"));
    assertThat(messages).allSatisfy(m -> assertThat(m).startsWith(ParameterResolutionException.class.getSimpleName())
        .doesNotContain("s3cr3t"));
  }

  @LocalAws
  @EscEnvironment("myapp/aws")
  static class CaseLocalAws {
    @BeforeAll
    static void seed(LocalAwsServer aws) {
      aws.secret("myapp/api-key", "test-api-key");
      aws.parameter("/myapp/url", ParameterType.STRING, "https://api.test");
      SEEN.add(aws);
    }

    @Test
    void opensAgainstTheLocalEndpoint(@EscValue("app.apiKey") Secret<String> key, @EscValue("app.url") Secret<String> url,
        LocalAwsServer aws) {
      assertThat(key.reveal()).isEqualTo("test-api-key");
      assertThat(url.reveal()).isEqualTo("https://api.test");
      assertThat(aws).isSameAs(SEEN.get(0));
      assertThat(aws.requests()).extracting(RequestRecord::operation).containsExactlyInAnyOrder(
          Operation.ASSUME_ROLE_WITH_WEB_IDENTITY, Operation.BATCH_GET_SECRET_VALUE, Operation.GET_PARAMETERS);
      assertThat(aws.requests()).allSatisfy(r -> assertThat(r.ok()).isTrue());
    }

    @Nested
    class WithFaults {
      @BeforeEach
      void throttle(LocalAwsServer aws) {
        aws.clearRequests();
        aws.faults(Operation.BATCH_GET_SECRET_VALUE).throttleFirst(1);
      }

      @Test
      void retried(@EscValue("app.apiKey") Secret<String> key, LocalAwsServer aws) {
        assertThat(key.reveal()).isEqualTo("test-api-key");
        assertThat(aws.requests(Operation.BATCH_GET_SECRET_VALUE)).extracting(RequestRecord::outcome)
            .containsExactly("ThrottlingException", "OK");
      }
    }
  }

  @Test
  void localAwsRunsTheTestkitForTheClass() {
    succeeds(CaseLocalAws.class, 2);
    LocalAwsServer server = (LocalAwsServer) SEEN.get(0);
    // stopped after the class
    assertThat(catchConnect(server)).isTrue();
  }

  private static boolean catchConnect(LocalAwsServer server) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress(server.endpoint().getHost(), server.port()), 2000);
      return false;
    } catch (java.io.IOException e) {
      return true;
    }
  }

  @LocalAws(strictRoles = true)
  @EscEnvironment("myapp/aws")
  static class CaseStrictRoles {
    @Test
    void undeclaredRoleIsDenied(OpenEnvironment env) {}
  }

  @Test
  void strictRolesDenyUndeclaredRoles() {
    Events events = run(CaseStrictRoles.class);
    events.assertStatistics(s -> s.started(1).failed(1));
    Throwable t = events.failed().stream().findFirst().orElseThrow()
        .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    assertThat(t).hasMessageContaining("AccessDenied").hasMessageContaining("aws:test-org");
    assertThat(Files.exists(Path.of("."))).isTrue();
  }
}
