package io.facerecon.study;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a study was set up, as reports state it.
 *
 * @param data where the faces came from and how they were loaded, e.g. "LFW, min faces 75"
 * @param split how training and test faces were chosen, e.g. "80 % / 20 % stratified by person"
 * @param seed the seed of every random choice
 * @param details further facts in display order (loader flags, command line, start time, ...)
 */
public record StudySetup(String data, String split, long seed, Map<String, String> details) {
  /**
   * Keeps an ordered, unmodifiable copy of the details.
   *
   * @param data where the faces came from
   * @param split how training and test faces were chosen
   * @param seed the seed of every random choice
   * @param details further facts, in display order
   */
  public StudySetup {
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }
}
