package io.facerecon.cli;

import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code facerecon} command. Exit codes: 0 success, 2 bad usage or bad input, 1 anything
 * else.
 */
@Command(
    name = "facerecon",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Learn compact representations of face images with NMF and autoencoders.",
    subcommands = {
      CompareCommand.class,
      InfoCommand.class,
      FetchLfwCommand.class,
      NmfCommand.class,
      AeCommand.class,
      ReconstructCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  /** Exit code for bad usage or bad input. */
  public static final int EXIT_BAD_INPUT = 2;
  /** Exit code for any other failure. */
  public static final int EXIT_FAILURE = 1;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean verbose;

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(Main::handle);
    return cli.execute(args);
  }

  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    boolean verbose = parsed.matchedOption("--verbose") != null
        || parsed.subcommands().stream().anyMatch(p -> p.matchedOption("--verbose") != null);
    PrintWriter err = cli.getErr();
    err.println("error: " + message(e));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return isBadInput(e) ? EXIT_BAD_INPUT : EXIT_FAILURE;
  }

  private static boolean isBadInput(Throwable e) {
    return e instanceof IllegalArgumentException || e instanceof NoSuchFileException;
  }

  private static String message(Throwable e) {
    if (e instanceof NoSuchFileException) {
      return ((NoSuchFileException) e).getFile() + ": no such file";
    }
    if ((e instanceof IllegalArgumentException || e instanceof java.io.IOException)
        && e.getMessage() != null) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"facerecon " + (v == null ? "(development)" : v)};
    }
  }
}
