package io.esc4j.testkit;

import java.time.Duration;
import java.time.Instant;

/**
 * One request {@link LocalAwsServer} received, for assertions and benchmarks.
 *
 * @param operation the operation, or {@code null} for a request it does not implement
 * @param action the wire name of the action or target as sent ({@code GetSecretValue}, ...)
 * @param time when the request arrived, by the server's clock
 * @param elapsed how long until the server sent the status line (injected latency included; a
 *     {@linkplain Fault#SLOW_BODY slow body} comes after it)
 * @param status the HTTP status sent, or 0 when the connection was dropped
 * @param errorCode the AWS error code sent, or {@code null} on success
 * @param fault the fault injected into this request
 * @param accessKeyId the access key id of the SigV4 signature, or {@code null} (STS, unsigned)
 */
public record RequestRecord(
    Operation operation,
    String action,
    Instant time,
    Duration elapsed,
    int status,
    String errorCode,
    Fault fault,
    String accessKeyId) {

  /** What fault injection did to a request. */
  public enum Fault {
    /** Nothing was injected (latency alone does not count). */
    NONE,
    /** Answered with a throttling error. */
    THROTTLED,
    /** Answered with an injected 5xx error. */
    SERVER_ERROR,
    /** The connection was closed without an answer. */
    DROPPED,
    /** The headers were sent at once and the body late. */
    SLOW_BODY
  }

  /**
   * Whether the request succeeded.
   *
   * @return {@code true} for a 2xx answer
   */
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /**
   * A short outcome: {@code OK}, the error code, or {@code DROPPED}.
   *
   * @return the outcome
   */
  public String outcome() {
    if (status == 0) {
      return "DROPPED";
    }
    return errorCode == null ? "OK" : errorCode;
  }
}
