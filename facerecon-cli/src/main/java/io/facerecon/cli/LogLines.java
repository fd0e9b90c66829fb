package io.facerecon.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * How the library's log reaches a command-line user: each warning as one line on standard error,
 * {@code warning: <message>}, instead of the JDK's two lines with a time stamp and a method name.
 * NMF's fit warnings are left out of the log here because the commands print them themselves, with
 * the name of the run they belong to.
 */
final class LogLines {
  /** Held so the configured loggers stay (the JDK keeps loggers only weakly). */
  private static final Logger ROOT = Logger.getLogger("");
  private static final Logger NMF = Logger.getLogger("io.facerecon.nmf");

  private LogLines() {}

  /** Configures the log once for this process. */
  static synchronized void install() {
    for (Handler h : ROOT.getHandlers()) {
      ROOT.removeHandler(h);
    }
    Handler handler = new ConsoleHandler();
    handler.setLevel(Level.WARNING);
    handler.setFormatter(new Formatter() {
      @Override
      public String format(LogRecord r) {
        return (r.getLevel().intValue() >= Level.SEVERE.intValue() ? "error: " : "warning: ")
            + formatMessage(r) + System.lineSeparator();
      }
    });
    ROOT.addHandler(handler);
    NMF.setLevel(Level.OFF);
  }
}
