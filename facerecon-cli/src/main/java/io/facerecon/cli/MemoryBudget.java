package io.facerecon.cli;

import io.facerecon.io.BadInputException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * A check, before a command allocates its large arrays, that they fit into the memory Java may
 * use: the images and the matrices made from them live in direct (off-heap) buffers, limited by
 * {@code -XX:MaxDirectMemorySize}, which defaults to the maximum heap size ({@code -Xmx}).
 */
final class MemoryBudget {
  private static final double GB = 1 << 30;

  private MemoryBudget() {}

  /**
   * Refuses a run whose arrays would not fit.
   *
   * @param command the command, for the message
   * @param images the number of images loaded
   * @param pixels pixels per image
   * @param copies how many more arrays of the images' size the command allocates
   * @throws BadInputException naming the figure and the remedy when they would not fit
   */
  static void check(String command, long images, long pixels, double copies) {
    check(command, images, pixels, copies, null);
  }

  /**
   * Refuses a run whose arrays would not fit, naming besides the usual remedies {@code
   * alternative}, another way of running the command (e.g. streaming the images).
   *
   * @param command the command, for the message
   * @param images the number of images loaded
   * @param pixels pixels per image
   * @param copies how many more arrays of the images' size the command allocates
   * @param alternative a further remedy, or null
   * @throws BadInputException naming the figure and the remedies when they would not fit
   */
  static void check(String command, long images, long pixels, double copies, String alternative) {
    long imageBytes = saturatedProduct(images, pixels, Float.BYTES);
    double need = imageBytes * copies;
    long limit = directLimit();
    long used = directUsed();
    if (need > limit - used) {
      throw new BadInputException(String.format(Locale.ROOT,
          "%s needs about %.1f GB more memory for %d images of %d pixels, but Java may use %.1f GB in all"
              + " (%.1f GB in use): %s",
          command, need / GB, images, pixels, limit / GB, used / GB,
          remedy(used + need) + (alternative == null ? "" : "; or " + alternative)));
    }
  }

  /**
   * What to do so that {@code bytes} fit: the JVM option that raises the limit, or smaller images.
   */
  static String remedy(double bytes) {
    boolean directGiven = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .anyMatch(a -> a.startsWith("-XX:MaxDirectMemorySize="));
    long gb = suggestedGigabytes(bytes);
    return "give Java more with JAVA_OPTS=" + (directGiven ? "\"-Xmx" + gb + "g -XX:MaxDirectMemorySize=" + gb + "g\"" : "-Xmx" + gb + "g")
        + ", or load smaller images (a smaller --resize for LFW, --size for image folders)";
  }

  /** Whole gigabytes with a quarter to spare. */
  static long suggestedGigabytes(double bytes) {
    return Math.max(1, (long) Math.ceil(bytes * 1.25 / GB));
  }

  private static long saturatedProduct(long... factors) {
    long p = 1;
    for (long f : factors) {
      try {
        p = Math.multiplyExact(p, f);
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
    return p;
  }

  /** The JVM's direct memory limit: {@code -XX:MaxDirectMemorySize} if given, else the maximum heap. */
  static long directLimit() {
    return directLimit(ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().maxMemory());
  }

  /** The direct memory limit those JVM arguments set; the last one counts, as in the JVM. */
  static long directLimit(List<String> jvmArguments, long maxHeap) {
    long limit = -1;
    for (String a : jvmArguments) {
      if (a.startsWith("-XX:MaxDirectMemorySize=")) {
        long parsed = parseSize(a.substring("-XX:MaxDirectMemorySize=".length()));
        if (parsed >= 0) {
          limit = parsed;
        }
      }
    }
    return limit > 0 ? limit : maxHeap;
  }

  /** A JVM size such as {@code 512m}, {@code 12g} or {@code 1048576}; -1 if unreadable. */
  static long parseSize(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return -1;
    }
    long unit = switch (t.charAt(t.length() - 1)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      case 't' -> 1L << 40;
      default -> 1;
    };
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    try {
      return Math.multiplyExact(Long.parseLong(digits), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      return -1;
    }
  }

  private static long directUsed() {
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        return Math.max(0, pool.getMemoryUsed());
      }
    }
    return 0;
  }
}
