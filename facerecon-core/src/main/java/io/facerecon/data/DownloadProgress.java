package io.facerecon.data;

/** Hears how a download advances, e.g. to draw a progress bar. */
public interface DownloadProgress {
  /** Hears nothing. */
  DownloadProgress NONE =
      new DownloadProgress() {
        @Override
        public void started(String name, long totalBytes) {}

        @Override
        public void advanced(long bytesSoFar) {}

        @Override
        public void ended() {}
      };

  /**
   * The body of {@code name} starts.
   *
   * @param name what is being downloaded
   * @param totalBytes its size, or -1 when the server does not say
   */
  void started(String name, long totalBytes);

  /**
   * More bytes have arrived.
   *
   * @param bytesSoFar the bytes received since the start
   */
  void advanced(long bytesSoFar);

  /** The transfer ended, complete or not. */
  void ended();
}
