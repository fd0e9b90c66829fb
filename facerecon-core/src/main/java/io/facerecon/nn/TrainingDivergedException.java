package io.facerecon.nn;

import io.facerecon.io.InvalidParameterException;

/**
 * The loss or the weights became NaN or infinite: training stopped, and a checkpoint written
 * before is left as it was. Bad input like any refused setting, it names the parameter that most
 * likely caused it ({@link #parameter()}, the learning rate {@code lr}), so that a caller can say
 * which of its own settings to change.
 */
public final class TrainingDivergedException extends InvalidParameterException {
  private static final long serialVersionUID = 1L;

  TrainingDivergedException(String parameter, String problem) {
    super(parameter, problem);
  }
}
