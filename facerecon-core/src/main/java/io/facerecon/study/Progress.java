package io.facerecon.study;

/** Where a long task reports how far it has come, e.g. a progress bar. */
@FunctionalInterface
public interface Progress {
  /** A sink that ignores every update. */
  Progress NONE = (done, total) -> {};

  /**
   * {@code done} of {@code total} steps are complete. {@code total} may change between calls,
   * e.g. when an iterative method converges early.
   *
   * @param done steps complete
   * @param total steps expected in all
   */
  void update(long done, long total);
}
