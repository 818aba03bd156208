package io.esc4j.internal.eval;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The ESC ciphertext envelope: {@code "escx" | version (uint32 BE) = 1 | payload | CRC-32 (BE)},
 * base64-encoded (format spec 10.1). Error texts follow the reference.
 */
public final class Envelope {
  private static final byte[] MAGIC = {'e', 's', 'c', 'x'};

  private Envelope() {}

  /** A malformed envelope. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Unwraps an envelope.
   *
   * @param base64 the base64 text
   * @return the payload
   * @throws Invalid with the reference's reason text
   */
  public static byte[] decode(String base64) throws Invalid {
    byte[] all;
    try {
      all = GoBase64.decode(base64);
    } catch (GoBase64.Malformed e) {
      throw new Invalid(e.getMessage());
    }
    if (all.length < 16) {
      throw new Invalid("EOF");
    }
    if (!Arrays.equals(Arrays.copyOfRange(all, 0, 4), MAGIC)) {
      throw new Invalid("invalid header");
    }
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 4);
    long expected = ByteBuffer.wrap(all, all.length - 4, 4).getInt() & 0xffffffffL;
    if (crc.getValue() != expected) {
      throw new Invalid("invalid checksum");
    }
    int version = ByteBuffer.wrap(all, 4, 4).getInt();
    if (version != 1) {
      throw new Invalid("unsupported version");
    }
    return Arrays.copyOfRange(all, 8, all.length - 4);
  }

  /**
   * Wraps a payload.
   *
   * @param payload the encrypted payload
   * @return the base64 envelope
   */
  public static String encode(byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(payload.length + 12);
    b.put(MAGIC).putInt(1).put(payload);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, payload.length + 8);
    b.putInt((int) crc.getValue());
    return java.util.Base64.getEncoder().encodeToString(b.array());
  }
}
