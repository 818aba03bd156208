package io.esc4j.bench;

/** Figure 4's bare JVM: prints hello (run from a directory holding only this class). */
public final class Hello {
  private Hello() {}

  /**
   * Prints hello.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
