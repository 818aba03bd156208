package io.esc4j.internal.eval;

import io.esc4j.EscValue;

/** JSON decoding for {@code fn::fromJSON}: numbers keep their text, duplicate keys last-wins. */
final class GoJson {
  private GoJson() {}

  /** Malformed JSON; the message approximates Go's encoding/json errors. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  static EscValue parse(String text) throws Malformed {
    try {
      return EscValue.parseJson(text);
    } catch (IllegalArgumentException e) {
      throw new Malformed(e.getMessage());
    }
  }
}
