package io.facerecon.study;

/**
 * Receives the phases of a study (fit a method, evaluate it, ...) as they start; the command line
 * shows one progress bar per phase.
 */
@FunctionalInterface
public interface Phases {
  /** Phases that show nothing. */
  Phases NONE = name -> new Phase() {
    @Override
    public void update(long done, long total) {}

    @Override
    public void close() {}
  };

  /**
   * A phase called {@code name} starts; the caller closes it when it ends.
   *
   * @param name the phase's name
   * @return the started phase, to close when it ends
   */
  Phase start(String name);

  /** One running phase: it receives progress and is closed when done. */
  interface Phase extends Progress, AutoCloseable {
    /** The phase has ended (successfully or not). */
    @Override
    void close();
  }
}
