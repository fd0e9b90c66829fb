package io.facerecon.data;

import io.facerecon.io.InvalidParameterException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** SHA-256 digests as lower-case hexadecimal text, the form scikit-learn and checksum tools print. */
public final class Sha256 {
  private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{64}");

  private Sha256() {}

  /** A fresh SHA-256 digester (every Java runtime has one). */
  static MessageDigest digester() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no SHA-256", e);
    }
  }

  /** The digest {@code digester} has computed so far, as hexadecimal text. */
  static String hex(MessageDigest digester) {
    return HexFormat.of().formatHex(digester.digest());
  }

  /**
   * The SHA-256 of a file's content.
   *
   * @param file the file to hash
   * @return the digest, lower-case hexadecimal
   * @throws IOException if reading fails
   */
  public static String of(Path file) throws IOException {
    MessageDigest d = digester();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        d.update(buffer, 0, n);
      }
    }
    return hex(d);
  }

  /**
   * {@code text} as a lower-case digest.
   *
   * @param parameter names the value in the error message
   * @param text a digest of 64 hexadecimal digits in any case, blanks around it allowed
   * @return the digest, lower-case
   * @throws InvalidParameterException naming {@code parameter} if it is not 64 hexadecimal digits
   */
  public static String parse(String parameter, String text) {
    String t = text.trim();
    if (!HEX_DIGEST.matcher(t).matches()) {
      throw new InvalidParameterException(parameter,
          "must be a SHA-256 digest of 64 hexadecimal digits, got '" + text + "'");
    }
    return t.toLowerCase(Locale.ROOT);
  }
}
