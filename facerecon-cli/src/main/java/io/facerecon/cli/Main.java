package io.facerecon.cli;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code facerecon} command. Exit codes: 0 success, 2 bad usage or bad input, 1 anything
 * else (a failed read or write, or an internal error).
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

  /**
   * Bad input (the library's {@link BadInputException}, a missing file) is the user's to fix:
   * exit 2 with its message, a parameter named by its flag. A failed read or write is the
   * machine's: exit 1 with its message. Anything else is a bug of ours: exit 1, said as such.
   */
  static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    boolean verbose = parsed.matchedOption("--verbose") != null
        || parsed.subcommands().stream().anyMatch(p -> p.matchedOption("--verbose") != null);
    PrintWriter err = cli.getErr();
    err.println(message(e, cli));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return isBadInput(e) ? EXIT_BAD_INPUT : EXIT_FAILURE;
  }

  private static boolean isBadInput(Throwable e) {
    return e instanceof BadInputException || e instanceof NoSuchFileException;
  }

  private static String message(Throwable e, CommandLine cli) {
    if (e instanceof NoSuchFileException) {
      return "error: " + ((NoSuchFileException) e).getFile() + ": no such file";
    }
    if (e instanceof InvalidParameterException) {
      String parameter = ((InvalidParameterException) e).parameter();
      Object command = cli.getCommand();
      String flag = command instanceof ParameterFlags ? ((ParameterFlags) command).flagOf(parameter) : null;
      // The library's message starts with the parameter's name; the user knows it by its flag.
      String message = e.getMessage();
      return "error: " + (flag != null && message.startsWith(parameter + " ")
          ? flag + message.substring(parameter.length())
          : message);
    }
    if ((e instanceof BadInputException || e instanceof IOException) && e.getMessage() != null) {
      return "error: " + e.getMessage();
    }
    return "internal error: " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
        + " (please report it; --verbose shows where)";
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
