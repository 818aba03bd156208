package io.esc4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Copies a child's output, replacing every occurrence of a secret with {@code [secret]}. Secrets
 * shorter than 3 bytes are not redacted (as in ESC). An ending that could be the start of a secret
 * is held back until more output shows whether it is one, or the stream ends; when the child
 * pauses, everything else is shown at once (prompts stay interactive).
 */
final class Redactor {
  private static final byte[] MASK = "[secret]".getBytes(StandardCharsets.US_ASCII);
  private final List<byte[]> secrets = new ArrayList<>();
  private final int longest;

  Redactor(Collection<String> plaintexts) {
    for (String s : plaintexts) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      if (b.length >= 3) {
        secrets.add(b);
      }
    }
    secrets.sort((a, b) -> Integer.compare(b.length, a.length)); // longest first
    longest = secrets.isEmpty() ? 0 : secrets.get(0).length; // sorted longest first
  }

  /** Pumps {@code in} to {@code out} until end of stream. */
  void pump(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[8192];
    byte[] pending = new byte[0];
    while (true) {
      int n;
      if (pending.length > secretPrefixAtEnd(pending) && in.available() == 0) {
        // the stream paused: wait briefly, then flush what cannot be part of a secret
        long until = System.nanoTime() + 100_000_000L;
        while (in.available() == 0 && System.nanoTime() < until) {
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        if (in.available() == 0) {
          // the child paused: show what it wrote, except an ending that could be the start of a
          // secret; that part waits for more output (or the end of the stream)
          int keep = secretPrefixAtEnd(pending);
          out.write(redact(pending, pending.length - keep));
          out.flush();
          pending = java.util.Arrays.copyOfRange(pending, pending.length - keep, pending.length);
        }
      }
      n = in.read(buf);
      if (n < 0) {
        out.write(redact(pending, pending.length));
        out.flush();
        return;
      }
      byte[] all = new byte[pending.length + n];
      System.arraycopy(pending, 0, all, 0, pending.length);
      System.arraycopy(buf, 0, all, pending.length, n);
      int safe = Math.max(0, all.length - Math.max(0, longest - 1));
      // never cut inside a match that starts before the safe point
      int cut = safe;
      for (int i = 0; i < safe; i++) {
        byte[] m = matchAt(all, i);
        if (m != null) {
          if (i + m.length > cut) {
            cut = Math.min(all.length, i + m.length);
          }
          i += m.length - 1;
        }
      }
      out.write(redact(all, cut));
      out.flush();
      pending = java.util.Arrays.copyOfRange(all, cut, all.length);
    }
  }

  /** The length of the longest ending of {@code data} that is the beginning of a secret. */
  int secretPrefixAtEnd(byte[] data) {
    int best = 0;
    for (byte[] secret : secrets) {
      for (int k = Math.min(data.length, secret.length - 1); k > best; k--) {
        if (java.util.Arrays.equals(data, data.length - k, data.length, secret, 0, k)) {
          best = k;
          break;
        }
      }
    }
    return best;
  }

  /** Redacts the first {@code len} bytes. */
  byte[] redact(byte[] data, int len) {
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream(len);
    for (int i = 0; i < len; ) {
      byte[] m = i + 1 <= len ? matchAt(data, i) : null;
      if (m != null && i + m.length <= len) {
        o.write(MASK, 0, MASK.length);
        i += m.length;
      } else {
        o.write(data[i]);
        i++;
      }
    }
    return o.toByteArray();
  }

  private byte[] matchAt(byte[] data, int i) {
    outer:
    for (byte[] s : secrets) {
      if (i + s.length > data.length) {
        continue;
      }
      for (int k = 0; k < s.length; k++) {
        if (data[i + k] != s[k]) {
          continue outer;
        }
      }
      return s;
    }
    return null;
  }
}
