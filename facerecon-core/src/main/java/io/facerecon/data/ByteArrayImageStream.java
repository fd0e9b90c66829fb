package io.facerecon.data;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An image input stream over a byte array that is already in memory. ImageIO's own {@code
 * MemoryCacheImageInputStream} copies the bytes into a cache and registers a cleaner per stream:
 * work and garbage for nothing when the whole file is in an array.
 */
final class ByteArrayImageStream extends ImageInputStreamImpl {
  private final byte[] bytes;

  ByteArrayImageStream(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Nothing to release: the stream holds only the array. Empty, so the JVM does not register every
   * stream for finalization as it would for ImageInputStreamImpl's finalize (which closes the
   * stream): such objects and their image bytes outlive a collection, were promoted with them, and
   * grew the heap of a long decoding run.
   */
  @Override
  @SuppressWarnings({"deprecation", "removal", "checkstyle:NoFinalizer"})
  protected void finalize() {}

  @Override
  public int read() {
    bitOffset = 0;
    return streamPos < bytes.length ? bytes[(int) streamPos++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (off < 0 || len < 0 || off + len > b.length || off + len < 0) {
      throw new IndexOutOfBoundsException("off " + off + ", len " + len + " for " + b.length + " bytes");
    }
    bitOffset = 0;
    if (len == 0) {
      return 0;
    }
    int left = bytes.length - (int) Math.min(streamPos, bytes.length);
    if (left == 0) {
      return -1;
    }
    int n = Math.min(len, left);
    System.arraycopy(bytes, (int) streamPos, b, off, n);
    streamPos += n;
    return n;
  }

  @Override
  public long length() {
    return bytes.length;
  }
}
