package io.esc4j.internal.eval;

import java.util.Arrays;

/** Go's {@code base64.StdEncoding.DecodeString}: padding required, CR/LF ignored. */
final class GoBase64 {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  /** The value of each ASCII char in the alphabet, or -1. */
  private static final byte[] VALUE = new byte[128];

  static {
    Arrays.fill(VALUE, (byte) -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      VALUE[ALPHABET.charAt(i)] = (byte) i;
    }
  }

  private GoBase64() {}

  /** A malformed base64 text; the message is Go's. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(int at) {
      super("illegal base64 data at input byte " + at, null, false, false);
    }
  }

  /** Returns the bytes, or throws with the failing offset. */
  static byte[] decode(String s) throws Malformed {
    // at most 3 bytes per 4 chars (fewer with line breaks or padding)
    byte[] out = new byte[s.length() / 4 * 3 + 3];
    int len = 0;
    int[] quad = new int[4];
    int q = 0;
    int i = 0;
    int n = s.length();
    boolean padded = false;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n') {
        i++;
        continue;
      }
      if (padded) {
        throw new Malformed(i);
      }
      if (c == '=') {
        if (q < 2) {
          throw new Malformed(i);
        }
        int start = i;
        int need = 4 - q;
        int got = 0;
        while (i < n && got < need) {
          char d = s.charAt(i);
          if (d == '\r' || d == '\n') {
            i++;
            continue;
          }
          if (d != '=') {
            throw new Malformed(i);
          }
          got++;
          i++;
        }
        if (got < need) {
          throw new Malformed(start);
        }
        len = flush(out, len, quad, q);
        q = 0;
        padded = true;
        continue;
      }
      int v = c < 128 ? VALUE[c] : -1;
      if (v < 0) {
        throw new Malformed(i);
      }
      quad[q++] = v;
      if (q == 4) {
        len = flush(out, len, quad, 4);
        q = 0;
      }
      i++;
    }
    if (q != 0) {
      throw new Malformed(n);
    }
    return len == out.length ? out : Arrays.copyOf(out, len);
  }

  /** Writes the bytes of a group of {@code q} chars at {@code len}; returns the new length. */
  private static int flush(byte[] out, int len, int[] quad, int q) {
    int bits = 0;
    for (int k = 0; k < 4; k++) {
      bits = (bits << 6) | (k < q ? quad[k] : 0);
    }
    out[len++] = (byte) (bits >> 16);
    if (q > 2) {
      out[len++] = (byte) (bits >> 8);
    }
    if (q > 3) {
      out[len++] = (byte) bits;
    }
    return len;
  }
}
