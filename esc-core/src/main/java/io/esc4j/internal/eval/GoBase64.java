package io.esc4j.internal.eval;

import java.io.ByteArrayOutputStream;

/** Go's {@code base64.StdEncoding.DecodeString}: padding required, CR/LF ignored. */
final class GoBase64 {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
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
        flush(out, quad, q);
        q = 0;
        padded = true;
        continue;
      }
      int v = ALPHABET.indexOf(c);
      if (v < 0) {
        throw new Malformed(i);
      }
      quad[q++] = v;
      if (q == 4) {
        flush(out, quad, 4);
        q = 0;
      }
      i++;
    }
    if (q != 0) {
      throw new Malformed(n);
    }
    return out.toByteArray();
  }

  private static void flush(ByteArrayOutputStream out, int[] quad, int q) {
    int bits = 0;
    for (int k = 0; k < 4; k++) {
      bits = (bits << 6) | (k < q ? quad[k] : 0);
    }
    out.write((bits >> 16) & 0xff);
    if (q > 2) {
      out.write((bits >> 8) & 0xff);
    }
    if (q > 3) {
      out.write(bits & 0xff);
    }
  }
}
