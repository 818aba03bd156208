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

  private StubAws(int status, String contentType, String body) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    server.createContext("/", ex -> {
      bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.getResponseHeaders().set("Content-Type", contentType);
      ex.getResponseHeaders().set("x-amzn-RequestId", "stub-request");
      ex.sendResponseHeaders(status, b.length);
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
