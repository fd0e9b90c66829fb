package io.facerecon.io;

/**
 * Input that cannot be used: a missing path, an unreadable image, a wrong shape or value. The
 * message names the file or parameter, what was found and what was expected; the command line
 * reports it without a stack trace and exits with code 2.
 */
public class BadInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * An error with a message that names what was wrong.
   *
   * @param message what was wrong
   */
  public BadInputException(String message) {
    super(message);
  }

  /**
   * An error with a message and its cause.
   *
   * @param message what was wrong
   * @param cause the error that revealed it
   */
  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
