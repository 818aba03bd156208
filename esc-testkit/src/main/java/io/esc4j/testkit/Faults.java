package io.esc4j.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Fault and latency injection for one {@link Operation} of a {@link LocalAwsServer}.
 *
 * <pre>{@code
 * aws.faults(Operation.GET_SECRET_VALUE).latency(Duration.ofMillis(50)).throttleFirst(2);
 * }</pre>
 *
 * <p>Counting starts at the first call after the faults were last changed: {@code throttleFirst(2)}
 * throttles the next two calls of that operation. For each call: it is dropped, throttled or failed
 * if one of those rules applies (in that order), else it is answered normally, its body late when
 * {@link #slowBody(Duration)} is set; in every case nothing is sent before the latency has passed
 * since the call arrived. The latency is the whole time the service takes: the server works out a
 * normal answer (every check included) while the latency runs, so its own work does not add to it
 * unless it takes longer. Fractions use the server's seeded random generator, so a run is
 * repeatable. Thread-safe.
 */
public final class Faults {
  private final Random random;
  private long minLatencyNanos;
  private long maxLatencyNanos;
  private int throttleFirst;
  private double throttleFraction;
  private int failFirst;
  private double failFraction;
  private int failStatus = 500;
  private int dropFirst;
  private double dropFraction;
  private long slowBodyNanos;
  private long calls;

  Faults(Random random) {
    this.random = random;
  }

  /** What to do with one call, decided when it arrives. */
  record Decision(long latencyNanos, RequestRecord.Fault fault, int failStatus, long slowBodyNanos) {
    static final Decision NONE = new Decision(0, RequestRecord.Fault.NONE, 0, 0);
  }

  /**
   * A fixed delay before every answer, counted from the call's arrival.
   *
   * @param delay the delay
   * @return this
   */
  public synchronized Faults latency(Duration delay) {
    return latency(delay, delay);
  }

  /**
   * A random delay before every answer, counted from the call's arrival, uniform between {@code
   * min} and {@code max}.
   *
   * @param min the shortest delay
   * @param max the longest delay
   * @return this
   */
  public synchronized Faults latency(Duration min, Duration max) {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 <= min <= max, was " + min + ", " + max);
    }
    this.minLatencyNanos = min.toNanos();
    this.maxLatencyNanos = max.toNanos();
    return reset();
  }

  /**
   * Throttles the next {@code n} calls (HTTP 400 {@code ThrottlingException: Rate exceeded}; STS
   * {@code Throttling}).
   *
   * @param n the number of calls
   * @return this
   */
  public synchronized Faults throttleFirst(int n) {
    this.throttleFirst = requireCount(n);
    return reset();
  }

  /**
   * Throttles every call.
   *
   * @return this
   */
  public synchronized Faults throttleAlways() {
    return throttleFirst(Integer.MAX_VALUE);
  }

  /**
   * Throttles each call with a probability.
   *
   * @param fraction between 0 and 1
   * @return this
   */
  public synchronized Faults throttleFraction(double fraction) {
    this.throttleFraction = requireFraction(fraction);
    return reset();
  }

  /**
   * Fails the next {@code n} calls with a server error: 500 {@code InternalServiceError} (Secrets
   * Manager), {@code InternalServerError} (SSM) or {@code InternalFailure} (STS); 503 {@code
   * ServiceUnavailable}; other statuses with {@code InternalFailure}.
   *
   * @param n the number of calls
   * @param status the HTTP status, 500 to 599
   * @return this
   */
  public synchronized Faults failFirst(int n, int status) {
    this.failFirst = requireCount(n);
    this.failStatus = requireStatus(status);
    return reset();
  }

  /**
   * Fails every call with a server error (see {@link #failFirst(int, int)}).
   *
   * @param status the HTTP status, 500 to 599
   * @return this
   */
  public synchronized Faults failAlways(int status) {
    return failFirst(Integer.MAX_VALUE, status);
  }

  /**
   * Fails each call with a server error with a probability.
   *
   * @param fraction between 0 and 1
   * @param status the HTTP status, 500 to 599
   * @return this
   */
  public synchronized Faults failFraction(double fraction, int status) {
    this.failFraction = requireFraction(fraction);
    this.failStatus = requireStatus(status);
    return reset();
  }

  /**
   * Closes the connection of the next {@code n} calls without answering.
   *
   * @param n the number of calls
   * @return this
   */
  public synchronized Faults dropFirst(int n) {
    this.dropFirst = requireCount(n);
    return reset();
  }

  /**
   * Closes the connection of every call without answering.
   *
   * @return this
   */
  public synchronized Faults dropAlways() {
    return dropFirst(Integer.MAX_VALUE);
  }

  /**
   * Closes the connection of each call with a probability.
   *
   * @param fraction between 0 and 1
   * @return this
   */
  public synchronized Faults dropFraction(double fraction) {
    this.dropFraction = requireFraction(fraction);
    return reset();
  }

  /**
   * Sends the status and headers at once and the body after a delay (a slow response, as opposed to
   * {@link #latency(Duration)}, which delays everything).
   *
   * @param delay the delay before the body
   * @return this
   */
  public synchronized Faults slowBody(Duration delay) {
    this.slowBodyNanos = Objects.requireNonNull(delay, "delay").toNanos();
    return reset();
  }

  /**
   * Removes every fault and latency of this operation.
   *
   * @return this
   */
  public synchronized Faults clear() {
    minLatencyNanos = maxLatencyNanos = 0;
    throttleFirst = failFirst = dropFirst = 0;
    throttleFraction = failFraction = dropFraction = 0;
    slowBodyNanos = 0;
    failStatus = 500;
    return reset();
  }

  synchronized Decision next() {
    long n = ++calls;
    long latency = minLatencyNanos;
    if (maxLatencyNanos > minLatencyNanos) {
      latency += (long) (random.nextDouble() * (maxLatencyNanos - minLatencyNanos));
    }
    RequestRecord.Fault fault = RequestRecord.Fault.NONE;
    if (n <= dropFirst || hit(dropFraction)) {
      fault = RequestRecord.Fault.DROPPED;
    } else if (n <= throttleFirst || hit(throttleFraction)) {
      fault = RequestRecord.Fault.THROTTLED;
    } else if (n <= failFirst || hit(failFraction)) {
      fault = RequestRecord.Fault.SERVER_ERROR;
    } else if (slowBodyNanos > 0) {
      fault = RequestRecord.Fault.SLOW_BODY;
    }
    if (latency == 0 && fault == RequestRecord.Fault.NONE) {
      return Decision.NONE;
    }
    return new Decision(latency, fault, failStatus, slowBodyNanos);
  }

  private boolean hit(double fraction) {
    return fraction > 0 && random.nextDouble() < fraction;
  }

  private Faults reset() {
    calls = 0;
    return this;
  }

  private static int requireCount(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + n);
    }
    return n;
  }

  private static double requireFraction(double f) {
    if (!(f >= 0 && f <= 1)) {
      throw new IllegalArgumentException("fraction must be between 0 and 1, was " + f);
    }
    return f;
  }

  private static int requireStatus(int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("status must be 5xx, was " + status);
    }
    return status;
  }
}
