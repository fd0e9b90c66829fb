package io.facerecon.report;

import io.facerecon.study.OcclusionResult;
import io.facerecon.study.RunResult;
import io.facerecon.study.Study;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The conclusions a study's numbers support, as plain sentences: which run reconstructs held-out
 * faces best, how methods of different kinds compare at equal code size, what more iterations or
 * a larger code buy, how far test quality falls behind training quality, and which runs give the
 * best quality for their fit time. Every statement is derived from the results; none is fixed.
 */
public final class Conclusions {
  private Conclusions() {}

  /** The conclusions, most important first. */
  public static List<String> of(Study study) {
    List<RunResult> runs = study.runs().stream().filter(Conclusions::measurable).toList();
    List<String> out = new ArrayList<>();
    List<String> failed = study.runs().stream().filter(r -> !measurable(r)).map(RunResult::name).toList();
    if (!failed.isEmpty()) {
      out.add("Left out of every comparison, because their reconstructions hold values that are"
          + " not numbers (a diverged fit): " + String.join("; ", failed) + ".");
    }
    if (runs.isEmpty()) {
      return out;
    }
    out.add(best(runs));
    out.addAll(equalCodeSize(runs));
    out.addAll(moreSteps(runs));
    out.addAll(largerCode(runs));
    out.add(generalisation(runs));
    if (runs.size() > 1) {
      out.add(fitTimes(runs));
      out.add(pareto(runs));
    }
    return out;
  }

  /**
   * What the occluded faces show, per occlusion: which run fills the hole best, which kind of
   * method fills it best at each code size two kinds share, and what denoising training gains over
   * the plain autoencoder of the same settings. Empty for a study without occlusions.
   *
   * @param study the study
   * @return the conclusions on occluded faces, in the study's occlusion order
   */
  public static List<String> occlusions(Study study) {
    List<String> out = new ArrayList<>();
    for (int o = 0; o < study.occlusions().size(); o++) {
      final int i = o;
      String spec = study.occlusions().get(o).spec();
      ToDoubleFunction<RunResult> hole = r -> r.occlusions().get(i).hole().psnr();
      List<RunResult> runs = study.runs().stream().filter(Conclusions::measurable)
          .filter(r -> !Double.isNaN(hole.applyAsDouble(r))).toList();
      if (runs.isEmpty()) {
        continue;
      }
      RunResult best = runs.stream().max(Comparator.comparingDouble(hole)).get();
      RunResult worst = runs.stream().min(Comparator.comparingDouble(hole)).get();
      OcclusionResult b = best.occlusions().get(i);
      out.add(String.format(Locale.ROOT,
          "Occluded by %s, %s fills the hole best: hole PSNR %s dB, hole SSIM %s, whole-face PSNR %s dB,"
              + " from a code of %d numbers per face%s.",
          spec, best.name(), Figures.psnr(b.hole().psnr()), Figures.ssim(b.hole().ssim()),
          Figures.psnr(b.face().psnrOfMeanMse()), best.codeSize(),
          worst == best ? "" : "; " + worst.name() + " fills it worst (" + Figures.psnr(hole.applyAsDouble(worst)) + " dB)"));
      Map<Integer, Map<String, RunResult>> byCode = new TreeMap<>();
      for (RunResult r : runs) {
        byCode.computeIfAbsent(r.codeSize(), c -> new LinkedHashMap<>())
            .merge(r.kind(), r, (x, y) -> hole.applyAsDouble(x) >= hole.applyAsDouble(y) ? x : y);
      }
      for (Map.Entry<Integer, Map<String, RunResult>> e : byCode.entrySet()) {
        List<RunResult> contenders = new ArrayList<>(e.getValue().values());
        if (contenders.size() < 2) {
          continue;
        }
        contenders.sort(Comparator.comparingDouble(hole).reversed());
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
            "Occluded by %s, at equal code size %d, %s (%s) fills the hole best with %s dB, against ",
            spec, e.getKey(), contenders.get(0).name(), contenders.get(0).kind(),
            Figures.psnr(hole.applyAsDouble(contenders.get(0)))));
        List<String> others = new ArrayList<>();
        for (RunResult r : contenders.subList(1, contenders.size())) {
          others.add(Figures.psnr(hole.applyAsDouble(r)) + " dB for " + r.name() + " (" + r.kind() + ")");
        }
        out.add(sb.append(String.join(" and ", others)).append('.').toString());
      }
      for (RunResult dae : runs) {
        if (!dae.kind().equals("DAE")) {
          continue;
        }
        String plainName = dae.name().substring(1);
        runs.stream().filter(r -> r.kind().equals("AE") && r.name().equals(plainName)).findFirst()
            .ifPresent(plain -> out.add(String.format(Locale.ROOT,
                "Occluded by %s, denoising training changes the hole PSNR by %+.2f dB (%s: %s → %s: %s dB)"
                    + " and the PSNR on clean test faces by %+.2f dB.",
                spec, hole.applyAsDouble(dae) - hole.applyAsDouble(plain), plain.name(),
                Figures.psnr(hole.applyAsDouble(plain)), dae.name(), Figures.psnr(hole.applyAsDouble(dae)),
                testPsnr(dae) - testPsnr(plain))));
      }
    }
    return out;
  }

  /** Whether the run's figures can be ranked: NaN would compare as larger than any number. */
  static boolean measurable(RunResult r) {
    return !Double.isNaN(r.test().meanMse()) && !Double.isNaN(r.test().meanSsim())
        && !Double.isNaN(r.train().meanMse()) && !Double.isNaN(r.train().meanSsim());
  }

  private static double testPsnr(RunResult r) {
    return r.test().psnrOfMeanMse();
  }

  private static double testSsim(RunResult r) {
    return r.test().meanSsim();
  }

  private static String best(List<RunResult> runs) {
    RunResult byPsnr = runs.stream().max(Comparator.comparingDouble(Conclusions::testPsnr)).orElseThrow();
    RunResult bySsim = runs.stream().max(Comparator.comparingDouble(Conclusions::testSsim)).orElseThrow();
    if (byPsnr == bySsim) {
      return "Best on held-out faces: " + byPsnr.name() + ", with test PSNR "
          + Figures.psnr(testPsnr(byPsnr)) + " dB and SSIM " + Figures.ssim(testSsim(byPsnr))
          + " from a code of " + byPsnr.codeSize() + " numbers per face ("
          + Figures.ratio(byPsnr.compressionRatio()) + "× compression).";
    }
    return byPsnr.name() + " has the best test PSNR (" + Figures.psnr(testPsnr(byPsnr))
        + " dB, code size " + byPsnr.codeSize() + ") and " + bySsim.name()
        + " the best test SSIM (" + Figures.ssim(testSsim(bySsim)) + ", code size " + bySsim.codeSize()
        + "): the two metrics rank these runs differently.";
  }

  /** Per code size shared by at least two kinds: the best run of each kind, compared. */
  private static List<String> equalCodeSize(List<RunResult> runs) {
    Map<Integer, Map<String, RunResult>> bestByCodeAndKind = new TreeMap<>();
    for (RunResult r : runs) {
      bestByCodeAndKind
          .computeIfAbsent(r.codeSize(), c -> new LinkedHashMap<>())
          .merge(r.kind(), r, (a, b) -> testPsnr(a) >= testPsnr(b) ? a : b);
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<Integer, Map<String, RunResult>> e : bestByCodeAndKind.entrySet()) {
      List<RunResult> contenders = new ArrayList<>(e.getValue().values());
      if (contenders.size() < 2) {
        continue;
      }
      contenders.sort(Comparator.comparingDouble(Conclusions::testPsnr).reversed());
      RunResult first = contenders.get(0);
      for (RunResult other : contenders.subList(1, contenders.size())) {
        out.add(headToHead(e.getKey(), first, other));
      }
    }
    if (out.isEmpty() && runs.stream().map(RunResult::kind).distinct().count() > 1) {
      out.add("No two kinds of method were run at the same code size, so differences between"
          + " kinds mix the method with the size of its code.");
    }
    return out;
  }

  private static String headToHead(int codeSize, RunResult a, RunResult b) {
    StringBuilder sb = new StringBuilder();
    sb.append("At equal code size ").append(codeSize).append(" (")
        .append(Figures.ratio(a.compressionRatio())).append("× compression), ");
    boolean ssimAgrees = testSsim(a) >= testSsim(b);
    if (ssimAgrees) {
      sb.append(a.name()).append(" (").append(a.kind()).append(") beats ").append(b.name())
          .append(" (").append(b.kind()).append(") on held-out faces: PSNR ")
          .append(Figures.psnr(testPsnr(a))).append(" vs ").append(Figures.psnr(testPsnr(b)))
          .append(" dB, SSIM ").append(Figures.ssim(testSsim(a))).append(" vs ")
          .append(Figures.ssim(testSsim(b))).append("; ");
    } else {
      sb.append(a.name()).append(" (").append(a.kind()).append(") leads on test PSNR (")
          .append(Figures.psnr(testPsnr(a))).append(" vs ").append(Figures.psnr(testPsnr(b)))
          .append(" dB) but ").append(b.name()).append(" (").append(b.kind())
          .append(") leads on test SSIM (").append(Figures.ssim(testSsim(b))).append(" vs ")
          .append(Figures.ssim(testSsim(a))).append("); ");
    }
    sb.append(speed(a, b)).append('.');
    return sb.toString();
  }

  /** "it fits 3.2× faster (1.2 s vs 3.9 s)" for {@code a} against {@code b}. */
  private static String speed(RunResult a, RunResult b) {
    double ta = a.fitSeconds();
    double tb = b.fitSeconds();
    String times = " (" + Figures.seconds(ta) + " s vs " + Figures.seconds(tb) + " s)";
    if (ta <= tb) {
      return a.name() + " fits " + Figures.ratio(tb / ta) + "× faster" + times;
    }
    return a.name() + " takes " + Figures.ratio(ta / tb) + "× longer to fit" + times;
  }

  /** Runs of one kind and code size that differ in steps: what the extra steps bought. */
  private static List<String> moreSteps(List<RunResult> runs) {
    Map<String, List<RunResult>> groups = new LinkedHashMap<>();
    for (RunResult r : runs) {
      groups.computeIfAbsent(r.kind() + "\u0000" + r.codeSize(), g -> new ArrayList<>()).add(r);
    }
    List<String> out = new ArrayList<>();
    for (List<RunResult> group : groups.values()) {
      RunResult lo = group.stream().min(Comparator.comparingInt(RunResult::steps)).get();
      RunResult hi = group.stream().max(Comparator.comparingInt(RunResult::steps)).get();
      if (lo.steps() == hi.steps()) {
        continue;
      }
      double gain = testPsnr(hi) - testPsnr(lo);
      out.add(String.format(
          Locale.ROOT,
          "%s at code size %d: %d instead of %d %s change test PSNR by %+.2f dB (%s → %s) and"
              + " SSIM by %+.4f, for %s× the fit time.",
          hi.kind(), hi.codeSize(), hi.steps(), lo.steps(), hi.stepUnit(), gain,
          Figures.psnr(testPsnr(lo)), Figures.psnr(testPsnr(hi)), testSsim(hi) - testSsim(lo),
          Figures.ratio(hi.fitSeconds() / lo.fitSeconds())));
    }
    return out;
  }

  /** Within each kind and number of steps: the smallest code against the largest. */
  private static List<String> largerCode(List<RunResult> runs) {
    Map<String, List<RunResult>> byKindAndSteps = new LinkedHashMap<>();
    for (RunResult r : runs) {
      byKindAndSteps.computeIfAbsent(r.kind() + "\u0000" + r.steps(), g -> new ArrayList<>()).add(r);
    }
    List<String> out = new ArrayList<>();
    for (List<RunResult> group : byKindAndSteps.values()) {
      RunResult small = group.stream().min(Comparator.comparingInt(RunResult::codeSize)).get();
      RunResult large = group.stream().max(Comparator.comparingInt(RunResult::codeSize)).get();
      if (small.codeSize() == large.codeSize()) {
        continue;
      }
      out.add(String.format(
          Locale.ROOT,
          "%s (%d %s): growing the code from %d to %d numbers changes test PSNR from %s to %s dB"
              + " and SSIM from %s to %s.",
          small.kind(), small.steps(), small.stepUnit(), small.codeSize(), large.codeSize(),
          Figures.psnr(testPsnr(small)), Figures.psnr(testPsnr(large)),
          Figures.ssim(testSsim(small)), Figures.ssim(testSsim(large))));
    }
    return out;
  }

  private static double gap(RunResult r) {
    return r.train().psnrOfMeanMse() - testPsnr(r);
  }

  private static String generalisation(List<RunResult> runs) {
    RunResult widest = runs.stream().max(Comparator.comparingDouble(Conclusions::gap)).get();
    RunResult narrowest = runs.stream().min(Comparator.comparingDouble(Conclusions::gap)).get();
    if (runs.size() == 1 || widest == narrowest) {
      return String.format(Locale.ROOT,
          "%s's test PSNR is %.2f dB below its training PSNR.", widest.name(), gap(widest));
    }
    return String.format(Locale.ROOT,
        "Held-out faces are reconstructed worse than training faces by %.2f dB (%s) to %.2f dB"
            + " (%s) of PSNR; a wide gap means the run fits its training faces rather than faces"
            + " in general.",
        gap(narrowest), narrowest.name(), gap(widest), widest.name());
  }

  private static String fitTimes(List<RunResult> runs) {
    RunResult fastest = runs.stream().min(Comparator.comparingDouble(RunResult::fitSeconds)).get();
    RunResult slowest = runs.stream().max(Comparator.comparingDouble(RunResult::fitSeconds)).get();
    return "Fit times range from " + Figures.seconds(fastest.fitSeconds()) + " s ("
        + fastest.name() + ") to " + Figures.seconds(slowest.fitSeconds()) + " s ("
        + slowest.name() + "), a factor of "
        + Figures.ratio(slowest.fitSeconds() / fastest.fitSeconds()) + ".";
  }

  /** Runs that no other run beats on both fit time and test PSNR. */
  private static String pareto(List<RunResult> runs) {
    List<String> front = new ArrayList<>();
    for (RunResult r : runs) {
      boolean dominated = runs.stream().anyMatch(o -> o != r
          && o.fitSeconds() <= r.fitSeconds() && testPsnr(o) >= testPsnr(r)
          && (o.fitSeconds() < r.fitSeconds() || testPsnr(o) > testPsnr(r)));
      if (!dominated) {
        front.add(r.name());
      }
    }
    return "Best quality for the time spent (no other run is both faster and better on test PSNR): "
        + String.join("; ", front) + ".";
  }
}
