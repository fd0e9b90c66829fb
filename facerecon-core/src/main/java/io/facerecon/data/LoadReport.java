package io.facerecon.data;

import java.util.List;

/**
 * What a loader returns: the faces, the format it read and the images it skipped.
 *
 * @param faces the images that were read
 * @param format the format that was read (never {@link DataFormat#AUTO})
 * @param skipped the images left out with {@code skipBad}, each as "source: reason", in load
 *     order; empty without {@code skipBad}, where any unreadable image is an error
 */
public record LoadReport(FaceSet faces, DataFormat format, List<String> skipped) {
  /**
   * Copies {@code skipped}.
   *
   * @param faces the images that were read
   * @param format the format that was read
   * @param skipped the images left out, each as "source: reason"
   */
  public LoadReport {
    skipped = List.copyOf(skipped);
  }
}
