package io.facerecon.cli;

import java.util.HashMap;
import java.util.Map;

/**
 * A command that sets library parameters from its flags, and so can name the flag behind a
 * parameter the library refused (see {@code InvalidParameterException}).
 */
interface ParameterFlags {
  /** The library's parameter names mapped to this command's flags. */
  Map<String, String> parameterFlags();

  /**
   * The flags of the data loader and the thread count, which every command that loads faces has,
   * with the command's own {@code entries}.
   */
  @SafeVarargs
  static Map<String, String> withLoader(Map.Entry<String, String>... entries) {
    Map<String, String> all = new HashMap<>(Map.of(
        "resize", "--resize", "minFaces", "--min-faces", "size", "--size", "shape", "--shape",
        "skipBad", "--skip-bad", "format", "--format", "threads", "--threads", "seed", "--seed"));
    for (Map.Entry<String, String> e : entries) {
      all.put(e.getKey(), e.getValue());
    }
    return all;
  }

  /** The flag that sets {@code parameter}, or null if none does. */
  default String flagOf(String parameter) {
    return parameterFlags().get(parameter);
  }
}
