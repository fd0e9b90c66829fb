package io.facerecon.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The library's Javadoc is complete: the javadoc tool with every doclint check on reports nothing
 * about the public API of {@code facerecon-core}. The one warning it may give is the compiler's
 * notice that the sources use the incubating Vector API module, which no option silences without
 * also silencing doclint; the javadoc jar's build therefore does not fail on warnings, and this
 * test does the failing, for everything else.
 */
class JavadocLintTest {
  private static final Path SOURCES = Path.of("src/main/java");

  @Test
  void theLibrarysJavadocHasNoWarnings() throws Exception {
    DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path out = Files.createTempDirectory("facerecon-javadoc");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> options = new ArrayList<>(List.of(
        "-Xdoclint:all", "-Xmaxwarns", "10000", "-quiet", "--add-modules", "jdk.incubator.vector",
        "-classpath", classPath, "-d", out.toString()));
    try (StandardJavaFileManager fm = javadoc.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
      StringWriter log = new StringWriter();
      boolean ok = javadoc.getTask(log, fm, diagnostics, null, options, units).call();
      List<String> problems = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING
              || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
          .filter(d -> !"compiler.warn.incubating.modules".equals(d.getCode()))
          .map(d -> (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
              + d.getMessage(Locale.ROOT))
          .toList();
      assertThat(problems).as("javadoc problems in facerecon-core's sources").isEmpty();
      assertThat(ok).as("javadoc ran: %s", log).isTrue();
    }
  }
}
