package io.facerecon.data;

import io.facerecon.linalg.FloatMatrix;
import java.util.ArrayList;
import java.util.List;

/** Builds a {@link FaceSet} from decoded pixels, leaving out images that failed to load. */
final class Faces {
  private Faces() {}

  /**
   * @param pixels n images of {@code height * width} values each, one after the other
   * @param bad which images failed to load (and were skipped); may be all false
   */
  static FaceSet assemble(
      float[] pixels, boolean[] bad, int height, int width, List<Integer> labels,
      List<String> names, List<String> sources, String rootName) {
    int d = height * width;
    int kept = 0;
    for (boolean b : bad) {
      kept += b ? 0 : 1;
    }
    if (kept == 0) {
      throw new BadInputException(rootName + ": none of the " + bad.length + " images could be read");
    }
    FloatMatrix matrix = FloatMatrix.zeros(kept, d);
    int[] keptLabels = new int[kept];
    List<String> keptSources = new ArrayList<>(kept);
    int r = 0;
    for (int i = 0; i < bad.length; i++) {
      if (bad[i]) {
        continue;
      }
      matrix.buffer().put(matrix.offset() + r * d, pixels, i * d, d);
      keptLabels[r] = labels.get(i);
      keptSources.add(sources.get(i));
      r++;
    }
    if (kept < bad.length) {
      System.err.printf("skipped %d unreadable image(s) in %s%n", bad.length - kept, rootName);
    }
    return new FaceSet(matrix, height, width, keptLabels, names, keptSources);
  }
}
