package io.esc4j;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on what one open may consume, so that hostile or broken documents fail fast with a
 * clear error instead of exhausting the application.
 *
 * <p>Immutable; the {@code withX} methods return copies.
 *
 * @param timeout the whole open, providers included
 * @param maxDocumentBytes the largest document accepted
 * @param maxDepth the deepest nesting of mappings and sequences in a document
 * @param maxImportDepth the longest chain of imports
 * @param maxNodes the most YAML nodes in one document
 */
public record EvalLimits(
    Duration timeout, int maxDocumentBytes, int maxDepth, int maxImportDepth, int maxNodes) {
  /** Validates the limits. */
  public EvalLimits {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    positive("maxDocumentBytes", maxDocumentBytes);
    positive("maxDepth", maxDepth);
    positive("maxImportDepth", maxImportDepth);
    positive("maxNodes", maxNodes);
  }

  private static void positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + v);
    }
  }

  /**
   * The defaults: 60 s, 8 MiB documents, depth 256, 64 imports deep, 1,000,000 nodes.
   *
   * @return the default limits
   */
  public static EvalLimits defaults() {
    return new EvalLimits(Duration.ofSeconds(60), 8 << 20, 256, 64, 1_000_000);
  }

  /**
   * Returns a copy with another timeout.
   *
   * @param t the timeout
   * @return the copy
   */
  public EvalLimits withTimeout(Duration t) {
    return new EvalLimits(t, maxDocumentBytes, maxDepth, maxImportDepth, maxNodes);
  }

  /**
   * Returns a copy with another document size limit.
   *
   * @param bytes the limit in bytes
   * @return the copy
   */
  public EvalLimits withMaxDocumentBytes(int bytes) {
    return new EvalLimits(timeout, bytes, maxDepth, maxImportDepth, maxNodes);
  }

  /**
   * Returns a copy with another nesting limit.
   *
   * @param depth the limit
   * @return the copy
   */
  public EvalLimits withMaxDepth(int depth) {
    return new EvalLimits(timeout, maxDocumentBytes, depth, maxImportDepth, maxNodes);
  }

  /**
   * Returns a copy with another import-depth limit.
   *
   * @param depth the limit
   * @return the copy
   */
  public EvalLimits withMaxImportDepth(int depth) {
    return new EvalLimits(timeout, maxDocumentBytes, maxDepth, depth, maxNodes);
  }

  /**
   * Returns a copy with another node-count limit.
   *
   * @param nodes the limit
   * @return the copy
   */
  public EvalLimits withMaxNodes(int nodes) {
    return new EvalLimits(timeout, maxDocumentBytes, maxDepth, maxImportDepth, nodes);
  }
}
