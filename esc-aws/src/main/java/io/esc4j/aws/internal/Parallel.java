package io.esc4j.aws.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The pool that runs batched AWS calls in parallel: at most {@value #MAX_THREADS} threads, daemon,
 * idle ones end after 30 seconds; when all are busy, the caller runs the call itself. The last call
 * of a group runs in the calling thread ({@link #run(Supplier, boolean)}).
 *
 * <p>The threads only wait on sockets, so the bound is about memory, not cores: it must exceed the
 * calls of one evaluation wave (an environment with 100 secrets and 50 parameters makes 5 + 5
 * calls at once, several providers add up). With 8, the calls past the eighth ran one after
 * another in the calling thread, each a full round trip later (figure 2 of docs/performance.md).
 */
final class Parallel {
  static final int MAX_THREADS = 64;
  private static final ExecutorService POOL;

  static {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            0,
            MAX_THREADS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "esc4j-aws-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    POOL = pool;
  }

  private Parallel() {}

  static <T> CompletableFuture<T> run(Supplier<T> call) {
    return CompletableFuture.supplyAsync(call, POOL);
  }

  /**
   * Starts a call on the pool or, when {@code here}, runs it at once in the calling thread: give
   * {@code here} to the last call of a group, whose caller would otherwise only wait for the
   * others (one thread hand-off less on the way to the request; the others are already running).
   */
  static <T> CompletableFuture<T> run(Supplier<T> call, boolean here) {
    if (!here) {
      return run(call);
    }
    try {
      return CompletableFuture.completedFuture(call.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Waits for a call; a runtime exception it threw is rethrown as is. */
  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
