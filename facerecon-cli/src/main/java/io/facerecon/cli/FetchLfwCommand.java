package io.facerecon.cli;

import io.facerecon.data.LfwArchive;
import io.facerecon.data.LfwFetcher;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code facerecon fetch-lfw}: finds LFW on this machine or downloads the official archive. */
@Command(
    name = "fetch-lfw",
    mixinStandardHelpOptions = true,
    description = {
      "Find Labeled Faces in the Wild on this machine, or download the official archive "
          + "(the one scikit-learn's fetch_lfw_people uses), check its SHA-256 and put it in place.",
      "Looks first at --data, then $FACERECON_LFW, then an earlier download in --out, then "
          + "scikit-learn's cache ($SCIKIT_LEARN_DATA or ~/scikit_learn_data, in lfw_home/).",
      "Prints where LFW is; pass that path to other commands with --data."
    })
final class FetchLfwCommand implements Callable<Integer>, ParameterFlags {
  @Option(
      names = "--data",
      paramLabel = "PATH",
      description = "An LFW folder or archive you already have; used as it is.")
  Path data;

  @Option(
      names = "--variant",
      defaultValue = "funneled",
      paramLabel = "NAME",
      description = "funneled (aligned faces, scikit-learn's default) or original "
          + "(default: ${DEFAULT-VALUE}).")
  String variant;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where the download goes (default: ~/facerecon_data).")
  Path out;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "Download from this address instead, e.g. a mirror; the file must be the same.")
  URI url;

  @Option(
      names = "--sha256",
      paramLabel = "HEX",
      description = "Expect this SHA-256 instead of the official archive's.")
  String sha256;

  @Option(names = "--force", description = "Download even if a copy exists, replacing an earlier download.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    LfwArchive archive = LfwArchive.ofVariant(variant);
    LfwFetcher.Request request = new LfwFetcher.Request(
        archive,
        Optional.ofNullable(data),
        out != null ? out : LfwFetcher.defaultOutDir(),
        url != null ? url : archive.url(),
        sha256 != null ? sha256 : archive.sha256(),
        force);
    LfwFetcher.Located found =
        LfwFetcher.system().obtain(request, new DownloadProgressBar(archive.fileName()));
    String how = found.origin() == LfwFetcher.Origin.DOWNLOADED
        ? "downloaded to"
        : "found (" + found.origin().description() + "):";
    System.out.printf("LFW (%s) %s %s%nuse it with: --data %s%n",
        archive.variantName(), how, found.path(), found.path());
    return 0;
  }

  @Override
  public Map<String, String> parameterFlags() {
    return ParameterFlags.withLoader(
        Map.entry("variant", "--variant"), Map.entry("sha256", "--sha256"), Map.entry("force", "--force"));
  }
}
