package io.facerecon.nn;

/** The loss became NaN or infinite; training stopped and the last good checkpoint was kept. */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TrainingDivergedException(String message) {
    super(message);
  }
}
