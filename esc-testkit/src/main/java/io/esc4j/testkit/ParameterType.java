package io.esc4j.testkit;

/** SSM parameter types. */
public enum ParameterType {
  /** A plain string. */
  STRING("String"),
  /** Comma-separated values. */
  STRING_LIST("StringList"),
  /** An encrypted string: answered as ciphertext unless {@code WithDecryption} is set. */
  SECURE_STRING("SecureString");

  private final String wireName;

  ParameterType(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The type's name on the wire.
   *
   * @return {@code String}, {@code StringList} or {@code SecureString}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * The type of a wire name.
   *
   * @param name {@code String}, {@code StringList} or {@code SecureString}
   * @return the type
   * @throws IllegalArgumentException for any other name
   */
  public static ParameterType of(String name) {
    for (ParameterType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown parameter type \"" + name + "\" (String, StringList, SecureString)");
  }
}
