package io.facerecon.io;

import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one door through which the library opens the files it reads: data sets, images, arrays and
 * model files. Each is checked to be a regular file before it is opened, so that a FIFO, a device
 * or a socket given as input is refused at once instead of blocking the reader forever or feeding
 * it endless bytes; and whole-file reads are bounded, so a file larger than its kind can be is
 * refused before its bytes are allocated.
 *
 * <p>Links are followed: a symbolic link to a regular file is a regular file.
 */
public final class InputFiles {
  // The file-type bits of st_mode, as the "unix:mode" attribute reports them.
  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFSOCK = 0140000;

  private InputFiles() {}

  /**
   * Checks that {@code file} is a regular file (or a link to one), without opening it.
   *
   * @param file the file to check
   * @param expected what the file should be, for the message, e.g. {@code "a .npy file"}
   * @throws NoSuchFileException if it does not exist
   * @throws BadInputException naming the file, what it is and what was expected, if it is a
   *     folder, a FIFO, a device, a socket or anything else but a regular file
   * @throws IOException if its attributes cannot be read
   */
  public static void requireRegularFile(Path file, String expected) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw notRegular(file, attributes.isDirectory() ? "a folder" : kind(file), expected);
    }
  }

  /**
   * {@link #requireRegularFile} for a file of a folder listing, with one cheap system call for
   * the usual case of a regular file.
   *
   * @param file the file to check
   * @param expected what the file should be, for the message
   * @throws NoSuchFileException if it does not exist
   * @throws BadInputException if it is not a regular file
   * @throws IOException if its attributes cannot be read
   */
  public static void requireRegularFile(File file, String expected) throws IOException {
    if (!file.isFile()) {
      requireRegularFile(file.toPath(), expected);
    }
  }

  /**
   * Opens a regular file for reading.
   *
   * @param file the file
   * @param expected what the file should be, for the message when it is not a regular file
   * @return a channel positioned at the start
   * @throws NoSuchFileException if it does not exist
   * @throws BadInputException if it is not a regular file
   * @throws IOException if it cannot be opened
   */
  public static FileChannel openChannel(Path file, String expected) throws IOException {
    requireRegularFile(file, expected);
    return FileChannel.open(file, StandardOpenOption.READ);
  }

  /**
   * Opens a regular file as a stream.
   *
   * @param file the file
   * @param expected what the file should be, for the message when it is not a regular file
   * @return an unbuffered stream from its start
   * @throws NoSuchFileException if it does not exist
   * @throws BadInputException if it is not a regular file
   * @throws IOException if it cannot be opened
   */
  public static InputStream newInputStream(Path file, String expected) throws IOException {
    requireRegularFile(file, expected);
    return Files.newInputStream(file);
  }

  /**
   * The bytes of a regular file of at most {@code maxBytes}.
   *
   * @param file the file
   * @param maxBytes the largest size accepted
   * @param expected what the file should be, for the messages
   * @return its bytes
   * @throws NoSuchFileException if it does not exist
   * @throws BadInputException if it is not a regular file or is larger than {@code maxBytes}
   * @throws IOException if reading fails
   */
  public static byte[] readAllBytes(Path file, long maxBytes, String expected) throws IOException {
    requireRegularFile(file, expected);
    long size = Files.size(file);
    if (size > maxBytes) {
      throw tooLarge(file.toString(), size, maxBytes, expected);
    }
    try (InputStream in = Files.newInputStream(file)) {
      // Read one byte past the bound, in case the file grew since its size was asked.
      byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > maxBytes) {
        throw tooLarge(file.toString(), bytes.length, maxBytes, expected);
      }
      return bytes;
    }
  }

  /**
   * {@link #readAllBytes(Path, long, String)} for a file of a folder listing, named {@code name}
   * in messages. It reads straight into the array: for thousands of small images that costs
   * markedly less than going through channels.
   *
   * @param file the file
   * @param maxBytes the largest size accepted
   * @param name the file in messages
   * @param expected what the file should be, for the messages
   * @return its bytes
   * @throws NoSuchFileException if it does not exist
   * @throws BadInputException if it is not a regular file or is larger than {@code maxBytes}
   * @throws IOException if reading fails
   */
  public static byte[] readAllBytes(File file, long maxBytes, String name, String expected)
      throws IOException {
    requireRegularFile(file, expected);
    try (RandomAccessFile in = new RandomAccessFile(file, "r")) {
      long length = in.length();
      if (length > Math.min(maxBytes, Integer.MAX_VALUE - 8)) {
        throw tooLarge(name, length, Math.min(maxBytes, Integer.MAX_VALUE - 8), expected);
      }
      byte[] bytes = new byte[(int) length];
      try {
        in.readFully(bytes);
      } catch (EOFException e) {
        throw new BadInputException(name + ": the file shrank while it was read", e);
      }
      return bytes;
    }
  }

  /**
   * The error for a file of {@code length} bytes where at most {@code maxBytes} are accepted.
   *
   * @param name the file in the message
   * @param length its size in bytes
   * @param maxBytes the largest size accepted
   * @param expected what the file should be
   * @return the error, to throw
   */
  public static BadInputException tooLarge(String name, long length, long maxBytes, String expected) {
    return new BadInputException(
        name + ": " + String.format("%,d", length) + " bytes is larger than " + expected + " can be (at most "
            + String.format("%,d", maxBytes) + " bytes)");
  }

  private static BadInputException notRegular(Path file, String what, String expected) {
    return new BadInputException(file + ": is " + what + ", expected " + expected + " (a regular file)");
  }

  /** What a file that is neither regular nor a folder is, as far as the platform tells. */
  private static String kind(Path file) {
    try {
      Object mode = Files.getAttribute(file, "unix:mode");
      if (mode instanceof Integer) {
        switch ((Integer) mode & S_IFMT) {
          case S_IFIFO:
            return "a FIFO (named pipe)";
          case S_IFCHR:
            return "a character device";
          case S_IFBLK:
            return "a block device";
          case S_IFSOCK:
            return "a socket";
          default:
            break;
        }
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // No "unix" view on this platform: say less.
    }
    return "not a regular file";
  }
}
