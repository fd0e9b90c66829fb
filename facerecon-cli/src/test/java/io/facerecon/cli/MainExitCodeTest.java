package io.facerecon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Exit code 2 is for the user's bad input only; anything else is ours to fix. */
class MainExitCodeTest {
  @Command(name = "probe")
  static final class Probe implements Callable<Integer>, ParameterFlags {
    @Option(names = "--throw")
    String what;

    @Option(names = "--verbose")
    boolean verbose;

    @Override
    public Integer call() {
      switch (what) {
        case "bad-input" -> throw new BadInputException("faces.npy: expected 3 dimensions, got 1");
        case "parameter" -> throw new InvalidParameterException("lr", "must be > 0, got 0");
        case "unmapped" -> throw new InvalidParameterException("k", "must be >= 1, got 0");
        case "bug" -> throw new IllegalArgumentException("gemm: op(a) is 3x4, op(b) is 5x6");
        default -> throw new NullPointerException();
      }
    }

    @Override
    public Map<String, String> parameterFlags() {
      return Map.of("lr", "--learning-rate");
    }
  }

  private static String[] run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Probe());
    cli.setErr(new PrintWriter(err));
    cli.setExecutionExceptionHandler(Main::handle);
    return new String[] {Integer.toString(cli.execute(args)), err.toString()};
  }

  @Test
  void badInputIsTwoWithItsMessage() {
    assertThat(run("--throw", "bad-input")).containsExactly("2", "error: faces.npy: expected 3 dimensions, got 1\n");
  }

  @Test
  void aRefusedParameterIsNamedByItsFlag() {
    assertThat(run("--throw", "parameter")).containsExactly("2", "error: --learning-rate must be > 0, got 0\n");
    assertThat(run("--throw", "unmapped")).containsExactly("2", "error: k must be >= 1, got 0\n");
  }

  @Test
  void anyOtherFailureIsAnInternalErrorWithExitOne() {
    String[] bug = run("--throw", "bug");
    assertThat(bug[0]).isEqualTo("1");
    assertThat(bug[1]).startsWith("internal error: java.lang.IllegalArgumentException: gemm: op(a) is 3x4")
        .doesNotContain("\tat ");
    String[] npe = run("--throw", "npe", "--verbose");
    assertThat(npe[0]).isEqualTo("1");
    assertThat(npe[1]).startsWith("internal error: java.lang.NullPointerException").contains("\tat ");
  }
}
