package io.facerecon.cli;

import io.facerecon.data.LfwArchive;
import io.facerecon.data.LfwFetcher;
import io.facerecon.data.VerifiedDownload;
import io.facerecon.io.InvalidParameterException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
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
      "A copy found is used only if it is LFW: person folders with <Person>_NNNN.jpg images (in a "
          + "folder or a .tgz); archives in the caches also need the expected SHA-256.",
      "A download larger than an LFW archive, or slower than --min-rate on average over "
          + "--rate-window, is given up; nothing is kept of a failed download.",
      "Prints where LFW is; pass that path to other commands with --data."
    })
final class FetchLfwCommand implements Callable<Integer>, ParameterFlags {
  /** How long a download may send nothing before it is given up. */
  private static final Duration STALL_TIMEOUT = Duration.ofMinutes(2);

  @Option(
      names = "--data",
      paramLabel = "PATH",
      description = "An LFW folder or archive you already have; checked to be LFW, then used as it is.")
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

  @Option(
      names = "--min-rate",
      defaultValue = "" + VerifiedDownload.DEFAULT_MIN_BYTES_PER_SECOND,
      paramLabel = "BYTES",
      description = "Give up a download slower than this many bytes per second on average over "
          + "--rate-window (default: ${DEFAULT-VALUE}, 10 KB/s; 0: no minimum).")
  long minRate;

  @Option(
      names = "--rate-window",
      defaultValue = "" + VerifiedDownload.DEFAULT_RATE_WINDOW_SECONDS,
      paramLabel = "SECONDS",
      description = "The span the download rate is averaged over (default: ${DEFAULT-VALUE}).")
  double rateWindow;

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
    if (!(rateWindow > 0) || rateWindow > Duration.ofDays(1).toSeconds()) {
      throw new InvalidParameterException("rateWindow", "must be > 0 and at most a day in seconds, got " + rateWindow);
    }
    VerifiedDownload download = new VerifiedDownload(
        VerifiedDownload.defaultClient(), STALL_TIMEOUT, minRate, Duration.ofMillis(Math.round(rateWindow * 1000)));
    LfwFetcher.Located found =
        LfwFetcher.system(download).obtain(request, new DownloadProgressBar(archive.fileName()));
    if (found.origin() == LfwFetcher.Origin.GIVEN) {
      LfwFetcher.requireLfw(found.path());
    }
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
        Map.entry("variant", "--variant"), Map.entry("sha256", "--sha256"), Map.entry("force", "--force"),
        Map.entry("minBytesPerSecond", "--min-rate"), Map.entry("rateWindow", "--rate-window"));
  }
}
