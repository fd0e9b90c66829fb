package io.facerecon.cli;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
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
      PcaCommand.class,
      SvdCommand.class,
      KMeansCommand.class,
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
    return execute(new Main(), args);
  }

  /**
   * Runs a picocli {@code command} with this command line's conventions: one-line warnings, exit
   * code 2 for bad input and usage errors (a refused parameter named by its flag when the command
   * implements {@code ParameterFlags}), 1 for anything else, an out-of-memory error as one line.
   * For programs beside {@code facerecon}, such as the Spark job.
   *
   * @param command the picocli command object
   * @param args its arguments
   * @return the exit code
   */
  public static int execute(Object command, String... args) {
    LogLines.install();
    CommandLine cli = new CommandLine(command);
    cli.setExecutionExceptionHandler(Main::handle);
    cli.setParameterExceptionHandler(Main::usageError);
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      // Not an Exception, so picocli lets it through.
      PrintWriter err = cli.getErr();
      err.println(outOfMemory(e));
      err.flush();
      return EXIT_FAILURE;
    }
  }

  /**
   * A usage error (an unknown option, an option given twice, a value of the wrong type): one line
   * that names the flag and what was expected, and where to read more; not the whole usage.
   */
  static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("error: " + usageMessage(e) + "; see '" + cli.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return EXIT_BAD_INPUT;
  }

  private static String usageMessage(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      List<String> suggestions = u.getSuggestions();
      String known = suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)";
      return first.startsWith("-")
          ? "unknown option '" + first + "'" + known
          : "unexpected argument '" + first + "'" + known;
    }
    if (e instanceof CommandLine.OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec spec) {
      return "option '" + spec.longestName() + "' was given more than once; give it once";
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    int newline = m.indexOf('\n');
    if (newline >= 0) {
      m = m.substring(0, newline).strip();
    }
    return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
  }

  /** The one line for an {@link OutOfMemoryError}: what ran out and the remedy. */
  static String outOfMemory(OutOfMemoryError e) {
    String what = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    boolean direct = what.contains("direct buffer memory");
    long limit = direct ? MemoryBudget.directLimit() : Runtime.getRuntime().maxMemory();
    return String.format(Locale.ROOT, "error: out of memory (%s, %.1f GB): %s",
        direct ? "direct buffer memory" : "Java heap", limit / (double) (1 << 30), MemoryBudget.remedy(2.0 * limit));
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
    OutOfMemoryError oom = outOfMemoryCause(e);
    if (oom != null) {
      err.println(outOfMemory(oom));
      err.flush();
      return EXIT_FAILURE;
    }
    err.println(message(e, cli));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return isBadInput(e) ? EXIT_BAD_INPUT : EXIT_FAILURE;
  }

  private static OutOfMemoryError outOfMemoryCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError oom) {
        return oom;
      }
    }
    return null;
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
    if (e instanceof FileSystemException f && f.getReason() == null && f.getFile() != null) {
      // Its message is the path alone; say what went wrong with it.
      String reason = f instanceof AccessDeniedException ? "permission denied"
          : f instanceof NotDirectoryException ? "not a folder"
          : f instanceof FileAlreadyExistsException ? "already exists"
          : f instanceof DirectoryNotEmptyException ? "a folder that is not empty"
          : f.getClass().getSimpleName();
      return "error: " + f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + reason;
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
