package io.facerecon.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line run as a separate JVM, so that a test can kill it as a user's signal would. */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * The classpath of this test run: Surefire names it in {@code surefire.test.class.path}; run
   * elsewhere, the JVM's own.
   */
  static String classPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /**
   * Starts {@code facerecon args...} with its temporary folder at {@code tmp}, its standard output
   * and error going to {@code log}.
   */
  static Process start(Path tmp, Path log, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC",
        "--add-modules", "jdk.incubator.vector",
        "-Djava.io.tmpdir=" + tmp,
        "-cp", classPath(), Main.class.getName()));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
