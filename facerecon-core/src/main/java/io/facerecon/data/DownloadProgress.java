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

  /** The body of {@code name} starts; {@code totalBytes} is -1 when the server does not say. */
  void started(String name, long totalBytes);

  /** {@code bytesSoFar} bytes have arrived. */
  void advanced(long bytesSoFar);

  /** The transfer ended, complete or not. */
  void ended();
}
