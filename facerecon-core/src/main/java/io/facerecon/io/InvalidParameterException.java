package io.facerecon.io;

/**
 * A setting with a value it cannot take: {@code k = 0}, a negative learning rate, a resize factor
 * that leaves no pixel. The message starts with the parameter's name as the library's API spells
 * it ({@code k}, {@code lr}, {@code resize}); {@link #parameter()} returns that name, so a caller
 * with its own names for the settings (a command line's flags, a form's fields) can say which of
 * its own it was.
 */
public class InvalidParameterException extends BadInputException {
  private static final long serialVersionUID = 1L;

  /** The parameter's name in the library's API. */
  private final String parameter;

  /**
   * An error about one parameter.
   *
   * @param parameter the parameter's name in the library's API
   * @param problem what is wrong with its value, e.g. {@code "must be >= 1, got 0"}
   */
  public InvalidParameterException(String parameter, String problem) {
    super(parameter + " " + problem);
    this.parameter = parameter;
  }

  /**
   * The parameter's name in the library's API, e.g. {@code k} or {@code lr}.
   *
   * @return the parameter's name
   */
  public String parameter() {
    return parameter;
  }
}
