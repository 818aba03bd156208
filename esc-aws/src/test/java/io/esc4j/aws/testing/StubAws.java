package io.esc4j.aws.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server that answers every request with one canned response: for the AWS error
 * paths moto cannot produce (STS trust-policy denials, MaxSessionDuration, throttling).
 */
public final class StubAws implements AutoCloseable {
  private final HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();

  /** A canned response. */
  public record Reply(int status, String contentType, String body) {}

  private StubAws(int status, String contentType, String body) {
    this(x -> new Reply(status, contentType, body));
  }

  private StubAws(java.util.function.Function<String, Reply> byTarget) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", ex -> {
      bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      Reply reply = byTarget.apply(target == null ? "" : target);
      byte[] b = reply.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", reply.contentType());
      ex.getResponseHeaders().set("x-amzn-RequestId", "stub-request");
      ex.sendResponseHeaders(reply.status(), b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
  }

  /** An STS (awsQuery) error response. */
  public static StubAws stsError(int status, String code, String message) {
    return new StubAws(status, "text/xml",
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>"
            + code + "</Code><Message>" + message + "</Message></Error><RequestId>stub-request</RequestId>"
            + "</ErrorResponse>");
  }

  /** An awsJson1_1 error response (Secrets Manager, SSM). */
  public static StubAws jsonError(int status, String code, String message) {
    return new StubAws(status, "application/x-amz-json-1.1",
        "{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}");
  }

  /** Answers each awsJson1_1 request by its {@code X-Amz-Target} header. */
  public static StubAws json(java.util.function.Function<String, Reply> byTarget) {
    return new StubAws(byTarget);
  }

  /** The endpoint. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The request bodies received. */
  public List<String> bodies() {
    return bodies;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
