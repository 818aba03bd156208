package io.esc4j.aws.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Starts {@code moto_server} once per test run on a free loopback port and stops it when the run
 * ends (a JUnit 5 extension storing it in the root context, which closes {@link AutoCloseable}
 * values at the end; a shutdown hook covers direct use of {@link #endpoint()}). When {@code moto_server} is not on
 * the PATH, every test that uses it fails with a message that says so: these tests are not
 * skipped.
 */
public final class MotoServer implements BeforeAllCallback, AutoCloseable {
  /** The region tests seed and read. */
  public static final String REGION = "us-west-2";

  private static volatile MotoServer running;

  private final Process process;
  private final URI endpoint;
  private final Path log;

  private MotoServer(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  /** The extension instance JUnit creates; the real server lives in the root store. */
  public MotoServer() {
    this.process = null;
    this.endpoint = null;
    this.log = null;
  }

  /**
   * The file moto_server logs its requests to (one line per request), started on first use.
   *
   * @return the log file
   */
  public static synchronized Path log() {
    endpoint();
    return running.log;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(MotoServer.class, k -> start(), MotoServer.class);
  }

  /**
   * The running server, started on first use.
   *
   * @return the endpoint of the server
   */
  public static synchronized URI endpoint() {
    if (running == null) {
      running = start();
      Runtime.getRuntime().addShutdownHook(new Thread(running::stop));
    }
    return running.endpoint;
  }

  private static synchronized MotoServer start() {
    if (running != null) {
      return running;
    }
    // a free port can be taken between probing and binding: try a few ports before giving up
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        running = startOnce();
        return running;
      } catch (EarlyExit e) {
        last = e;
      }
    }
    throw last;
  }

  /** moto_server exited before it answered (for example because the port was taken). */
  private static final class EarlyExit extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    EarlyExit(String message) {
      super(message);
    }
  }

  private static MotoServer startOnce() {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port for moto_server", e);
    }
    Path log;
    Process p;
    try {
      log = Files.createTempFile("moto-server-", ".log");
      p = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "moto_server is not installed or not on the PATH; the esc-aws integration tests need it (pip install"
              + " 'moto[server]'). They fail instead of being skipped. Cause: " + e.getMessage(), e);
    }
    URI uri = URI.create("http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      if (!p.isAlive()) {
        String out = "";
        try {
          out = Files.readString(log);
        } catch (IOException ignored) {
          // no log
        }
        throw new EarlyExit("moto_server exited with " + p.exitValue() + " before answering on " + uri + ":\n" + out);
      }
      if (answers(uri)) {
        break;
      }
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException("moto_server did not answer on " + uri + " within 90 s (log: " + log + ")");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return new MotoServer(p, uri, log);
  }

  private static boolean answers(URI uri) {
    try {
      HttpURLConnection c = (HttpURLConnection) uri.resolve("/moto-api/").toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(5000);
      int code = c.getResponseCode();
      c.disconnect();
      return code > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes every resource moto holds. */
  public static void reset() {
    try {
      HttpURLConnection c = (HttpURLConnection) endpoint().resolve("/moto-api/reset").toURL().openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.getOutputStream().close();
      if (c.getResponseCode() != 200) {
        throw new IllegalStateException("moto reset answered " + c.getResponseCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto reset failed", e);
    }
  }

  /** A Secrets Manager client for seeding. */
  public static SecretsManagerClient secretsManager() {
    return SecretsManagerClient.builder().region(Region.of(REGION)).endpointOverride(endpoint())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("seed", "seed")))
        .httpClient(UrlConnectionHttpClient.builder().build()).build();
  }

  /** An SSM client for seeding. */
  public static SsmClient ssm() {
    return SsmClient.builder().region(Region.of(REGION)).endpointOverride(endpoint())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("seed", "seed")))
        .httpClient(UrlConnectionHttpClient.builder().build()).build();
  }

  private void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
