#!/usr/bin/env python3
"""The runner behind bench/scale: facerecon against scikit-learn (NMF) and PyTorch (the study's
autoencoder) as the data grow, alternating the two sides (A B A B) case by case, medians per side.

  bench/scale [--quick] [--repeats N] [--only TEXT] [--threads N] [--dry-run]
              [--data-dir DIR] [--out DIR]

Each run is its own process under /usr/bin/time (its peak resident size), started without
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE. The sides:
  NMF      ours: ./facerecon nmf on an .npy of the faces; scikit-learn: bench/nmf_sklearn.py on the same
           .npy. Per iteration, in steady state: the slope of each side's own clock over a window of
           iterations (ours: its history points, every 10 iterations, from the first one 0.5 s into the
           fit, when the JIT has compiled the iterations' code, to the end, and from iteration 10 in
           runs too short for that; the slope from iteration 10, which includes those compilations,
           is in the note; scikit-learn: the ends of its iterations, from the end of the first).
           To tol 1e-4: the whole fit (start included) as each side reports it.
  AE       ours: AeBench (facerecon-core's JMH sources); PyTorch: bench/ae_torch.py in its best
           setting (GLIBC_TUNABLES=glibc.malloc.hugetlb=1, OpenBLAS on one thread beside torch's
           threads), as bench/ae runs them. Per epoch: training seconds / epochs; epoch, 2nd half:
           the median of the second half of the epochs (runs of two or more), the rate a longer
           training settles at; forward: the median of the timed passes over all the faces after
           the untimed ones.
  SGEMM    the machine's rate: GFLOP/s of a 2000^3 float32 product, ours (JMH GemmBenchmark.square)
           and numpy's (bench/gemm_numpy.py square), before and after the cases; the higher median.
Sizes: LFW (persons with >= 75 images: 1,217 faces; all: 13,233) cropped as scikit-learn's
fetch_lfw_people, at resize 0.5 (62x47 = 2,914 pixels) and 1.0 (125x94 = 11,750), exported with
`facerecon info --save-npy`; 50,000 faces: those 13,233 with mirrored, shifted and mirrored-shifted
copies (bench/scale_augment.py). All generated into a temporary folder (or --data-dir), never the
repository. The table, a CSV and one PNG chart per method go to --out (default target/bench-scale).
"""
import argparse
import csv
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = "/usr/bin/python3"
# Benchmark commands only: OpenBLAS picks its kernels and cache sizes by itself on both sides.
CLEAN_ENV = ["env", "-u", "OPENBLAS_CORETYPE", "-u", "OPENBLAS_L2_SIZE"]
JAVA = ["java", "--add-modules", "jdk.incubator.vector"]
# The collector settings ./facerecon gives its training commands, so that peak memory is what a user sees.
LAUNCHER_GC = ["-XX:+UseSerialGC", "-Xms64m", "-Xmn8m"]
TORCH_ENV = ["GLIBC_TUNABLES=glibc.malloc.hugetlb=1"]
MB = 1 << 20


# ---------------------------------------------------------------------------------------------
# Data sets


@dataclass(frozen=True)
class Faces:
    """A face set of the grid: 1,217, 13,233 or 50,000 faces at resize 0.5 or 1.0."""
    images: int
    resize: float

    @property
    def height(self):
        return 62 if self.resize == 0.5 else 125

    @property
    def width(self):
        return 47 if self.resize == 0.5 else 94

    @property
    def pixels(self):
        return self.height * self.width

    @property
    def file(self):
        return f"faces-{self.resize}-{self.images}.npy"

    @property
    def bytes(self):
        return 4 * self.images * self.pixels

    def label(self):
        return f"{self.images:,}x{self.pixels:,}"


def make_faces(faces, folder, lfw, log):
    """Writes `faces` into `folder` unless it is there, with what it is made from."""
    path = folder / faces.file
    if path.exists():
        return path
    if faces.images == 50000:
        source = make_faces(Faces(13233, faces.resize), folder, lfw, log)
        log(f"making {faces.file}: LFW's 13,233 faces with mirrored and shifted copies")
        subprocess.run([PY, "bench/scale_augment.py", str(source), "50000", str(path) + ".part"], check=True)
    else:
        min_faces = {1217: "75", 13233: "0"}[faces.images]
        log(f"exporting {faces.file} from {lfw}")
        subprocess.run(["./facerecon", "info", "--data", str(lfw), "--min-faces", min_faces,
                        "--resize", str(faces.resize), "--save-npy", str(path) + ".part.npy"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.replace(str(path) + ".part.npy.labels.json", str(path) + ".labels.json")
        os.replace(str(path) + ".part.npy", str(path) + ".part")
    os.replace(str(path) + ".part", path)
    return path


# ---------------------------------------------------------------------------------------------
# Running one side once


@dataclass
class Run:
    """One process of one side: its numbers (None when it failed), peak resident MB, or the error."""
    values: dict
    peak_mb: float
    error: str = None


def run_measured(cmd, work, env_extra=(), cwd=REPO):
    """Runs cmd under /usr/bin/time; returns (stdout, peak MB, error line or None)."""
    timefile = work / "time.out"
    full = CLEAN_ENV + list(env_extra) + ["/usr/bin/time", "-f", "%M", "-o", str(timefile)] + cmd
    p = subprocess.run(full, cwd=cwd, capture_output=True, text=True)
    peak = float(timefile.read_text().split()[-1]) / 1024 if timefile.exists() else float("nan")
    if p.returncode != 0:
        lines = [l for l in p.stderr.splitlines() if l.strip() and not l.startswith("WARNING: Using incubator")
                 and not l.startswith("Command exited")]
        return p.stdout, peak, (lines[-1] if lines else f"exit status {p.returncode}")
    return p.stdout, peak, None


def json_line(text):
    return json.loads([l for l in text.splitlines() if l.startswith("{")][-1])


# ---------------------------------------------------------------------------------------------
# Cases. Each has a name, rounds, a reference command and ours, and turns runs into table rows.


def nmf_flops(m, n, k):
    """One MU iteration's GEMM flops: the products with V (W^T V and V H^T, 2kmn each) and with the
    k x k Gram matrices (W^T W, (W^T W) H, H H^T, W (H H^T): 2k^2 m or 2k^2 n each)."""
    return 4 * k * m * n + 4 * k * k * (m + n)


def ae_forward_flops(h, w):
    """Multiply-adds x 2 of the study model's forward pass over one h x w face: conv 1->16 and
    16->32 (3x3, stride 2, per output position), transposed conv 32->16 and 16->1 (3x3, stride 2,
    per input position)."""
    h1, w1 = (h + 1) // 2, (w + 1) // 2
    h2, w2 = (h1 + 1) // 2, (w1 + 1) // 2
    conv1 = 2 * 9 * 1 * 16 * h1 * w1
    rest = 2 * 9 * (16 * 32 * h2 * w2 + 32 * 16 * h2 * w2 + 16 * 1 * (2 * h2) * (2 * w2))
    return conv1, conv1 + rest


def ae_epoch_flops(n, h, w):
    """An epoch: forward, gradient w.r.t. the weights and w.r.t. the inputs of every layer but the
    first (whose input is the data), each as many flops as the layer's forward pass."""
    conv1, forward = ae_forward_flops(h, w)
    return n * (3 * forward - conv1)


# Our per-iteration window starts this far into a fit: the JIT's compilations of the iterations'
# code end about then on 2 cores, and before that they compete with the fit for the cores.
STEADY_AFTER_S = 0.5
MIN_STEADY_ITERATIONS = 10


class NmfCase:
    """An NMF fit of `faces` with k components and `solver`, on both sides."""
    method = "nmf"

    def __init__(self, faces, k, solver, rounds):
        self.faces, self.k, self.solver, self.rounds = faces, k, solver, rounds

    def fit_args(self, iterations, init="random", tol="0"):
        return ["--k", str(self.k), "--solver", self.solver, "--init", init, "--max-iter", str(iterations),
                "--tol", tol]


class NmfIterations(NmfCase):
    """Seconds per iteration, in steady state. Ours runs `ours_iters` iterations: the slope from the
    first history point at least STEADY_AFTER_S into the fit (and at iteration 10 or later), when the
    JIT has compiled what the iterations run, to the end; the slope from iteration 10, which a short
    fit's first compilations still slow, goes into the note. scikit-learn runs window[1] (slope from
    the end of iteration window[0])."""

    def __init__(self, faces, k, solver, ours_iters, window, rounds):
        super().__init__(faces, k, solver, rounds)
        self.ours_iters, self.window = ours_iters, window
        self.name = f"nmf {solver} {faces.label()} k{k}"
        self.kind = "per iteration"
        self.plot = f"nmf-{solver}"

    def reference(self, ctx):
        out, peak, err = run_measured([PY, "bench/nmf_sklearn.py", "--npy", str(ctx.npy(self.faces)),
                                       "--iteration-times"] + self.fit_args(self.window[1]), ctx.work,
                                      ctx.blas_threads)
        if err:
            return Run(None, peak, err)
        ends = json_line(out)["iteration_seconds"]
        a, b = self.window
        return Run({"seconds": (ends[b - 1] - ends[a - 1]) / (b - a)}, peak)

    def ours(self, ctx):
        r, peak, err = ctx.facerecon_nmf(self.faces, self.fit_args(self.ours_iters))
        if err:
            return Run(None, peak, err)
        at = {p["iteration"]: p["seconds"] for p in r["history"]}
        end = self.ours_iters
        start = next((i for i in sorted(at) if i >= 10 and at[i] >= STEADY_AFTER_S), end)
        if end - start < MIN_STEADY_ITERATIONS:
            start = 10  # too short a run to leave out the compilations
        return Run({"seconds": (at[end] - at[start]) / (end - start), "from": start,
                    "from_10": (at[end] - at[10]) / (end - 10)}, peak)

    def rows(self, ref, ours, rate):
        f = self.faces
        flops = nmf_flops(f.pixels, f.images, self.k) if self.solver == "mu" else None
        a, b = self.window
        runs = [x.values for x in ours if x.values]
        starts = sorted({v["from"] + 1 for v in runs})
        early = f"{statistics.median(v['from_10'] for v in runs) * 1e3:.3f} ms" if runs else "-"
        note = (f"iterations: scikit-learn {a + 1}-{b}, ours {'/'.join(map(str, starts)) or '?'}-{self.ours_iters}"
                f" (from {STEADY_AFTER_S} s into the fit, or 11 in short runs); ours from iteration 11: {early}")
        return [row(self, "per iteration", "ms", 1e3, ref, ours, "seconds", flops, rate, note,
                    images=f.images, pixels=f.pixels, k=self.k)]


class NmfToTol(NmfCase):
    """To tol 1e-4 from the same start on both sides: the whole fit."""

    def __init__(self, faces, k, solver, init, max_iter, rounds):
        super().__init__(faces, k, solver, rounds)
        self.init, self.max_iter = init, max_iter
        self.name = f"nmf {solver} {faces.label()} k{k} from {init}"
        self.kind = "to tol 1e-4"
        self.plot = None

    def reference(self, ctx):
        out, peak, err = run_measured([PY, "bench/nmf_sklearn.py", "--npy", str(ctx.npy(self.faces))]
                                      + self.fit_args(self.max_iter, self.init, "1e-4"), ctx.work, ctx.blas_threads)
        if err:
            return Run(None, peak, err)
        r = json_line(out)
        return Run({"seconds": r["seconds"], "iterations": r["iterations"], "error": r["relative_error"]}, peak)

    def ours(self, ctx):
        r, peak, err = ctx.facerecon_nmf(self.faces, self.fit_args(self.max_iter, self.init, "1e-4"))
        if err:
            return Run(None, peak, err)
        return Run({"seconds": r["fit_seconds"], "iterations": r["iterations"], "error": r["relative_error"]}, peak)

    def rows(self, ref, ours, rate):
        def said(runs):
            ok = [r.values for r in runs if r.values]
            if not ok:
                return "-"
            return (f"{statistics.median(v['iterations'] for v in ok):.0f} it, "
                    f"rel. error {statistics.median(v['error'] for v in ok):.4f}")
        note = f"scikit-learn {said(ref)}; ours {said(ours)}"
        f = self.faces
        return [row(self, "to tol 1e-4", "s", 1, ref, ours, "seconds", None, rate, note,
                    images=f.images, pixels=f.pixels, k=self.k)]


class Autoencoder:
    """The study's autoencoder: seconds per epoch and per forward pass over all the faces."""
    method = "ae"

    def __init__(self, faces, batch, epochs, passes, rounds):
        self.faces, self.batch, self.epochs, self.passes, self.rounds = faces, batch, epochs, passes, rounds
        self.name = f"ae {faces.label()} ({faces.height}x{faces.width}) batch {batch}"
        self.kind = "epoch and forward pass"
        self.plot = "ae"

    def reference(self, ctx):
        out, peak, err = run_measured(
            [PY, "bench/ae_torch.py", "--npy", str(ctx.npy(self.faces)), "--epochs", str(self.epochs),
             "--blas-threads", "1", "--threads", str(ctx.threads), "--batch-size", str(self.batch),
             "--forward-passes", *map(str, self.passes)], ctx.work, TORCH_ENV)
        return Run(json_line(out), peak) if not err else Run(None, peak, err)

    def ours(self, ctx):
        out, peak, err = run_measured(
            JAVA + LAUNCHER_GC + ["-Xmx4g", "-cp", ctx.classpath, "io.facerecon.nn.AeBench", str(ctx.npy(self.faces)),
                    str(self.epochs), str(ctx.threads), str(self.batch), *map(str, self.passes)], ctx.work)
        return Run(json_line(out), peak) if not err else Run(None, peak, err)

    def rows(self, ref, ours, rate):
        f = self.faces
        common = dict(images=f.images, pixels=f.pixels, batch=self.batch)

        def cpu(runs):  # process CPU time: what a busy machine disturbs less than wall time
            vals = [r.values["cpu_s_per_epoch"] for r in runs if r.values]
            return f"{statistics.median(vals):.3g}" if vals else "-"
        return [
            row(self, "per epoch", "s", 1, ref, ours, "s_per_epoch", ae_epoch_flops(f.images, f.height, f.width),
                rate, f"{self.epochs} epoch(s), CPU s/epoch PyTorch {cpu(ref)}, ours {cpu(ours)}; memory: "
                "resident high-water mark after training", peak_key="train_peak_mb", **common),
            *([row(self, "epoch, 2nd half", "s", 1, ref, ours, "steady_s_per_epoch",
                   ae_epoch_flops(f.images, f.height, f.width), rate,
                   f"median of epochs {self.epochs // 2 + 1}-{self.epochs}: the rate a longer training settles "
                   "at, once the JIT has compiled what the first epochs run", peak_key="train_peak_mb", **common)]
              if self.epochs > 1 else []),
            row(self, "forward pass", "s", 1, ref, ours, "forward_s",
                f.images * ae_forward_flops(f.height, f.width)[1], rate,
                f"median of {self.passes[1]} after {self.passes[0]} untimed; memory: whole process "
                "(PyTorch's pass takes all the faces in one call)", **common)]


def row(case, metric, unit, scale, ref, ours, key, flops, rate, note, peak_key=None, **size):
    """One table line: the medians of both sides' `key`, their ratio and rates, peak memory."""
    def med(runs, k):
        vals = [r.values[k] for r in runs if r.values]
        return statistics.median(vals) if vals else None

    def peak(runs):
        vals = [r.values[peak_key] if peak_key else r.peak_mb for r in runs if r.values]
        return statistics.median(vals) if vals else None

    r, o = med(ref, key), med(ours, key)
    failed = next((x.error for x in ours if x.error), None)
    ref_failed = next((x.error for x in ref if x.error), None)
    gf = lambda t: flops / t / 1e9 if flops and t else None
    return {
        "case": case.name, "method": case.method + (" " + case.solver if case.method == "nmf" else ""),
        "metric": metric, "unit": unit, "plot": {"forward pass": "ae-forward", "epoch, 2nd half": None}.get(metric, case.plot),
        "reference": r * scale if r is not None else None, "ours": o * scale if o is not None else None,
        "ratio": r / o if r and o else None,
        "flops": flops, "reference_gflops": gf(r), "ours_gflops": gf(o),
        "reference_pct_of_sgemm": 100 * gf(r) / rate if gf(r) and rate else None,
        "ours_pct_of_sgemm": 100 * gf(o) / rate if gf(o) and rate else None,
        "reference_peak_mb": peak(ref), "ours_peak_mb": peak(ours),
        "runs": f"{len([x for x in ref if x.values])}+{len([x for x in ours if x.values])}",
        "note": note + (f"; ours failed: {failed}" if failed else "")
        + (f"; reference failed: {ref_failed}" if ref_failed else ""),
        **{k: size.get(k) for k in ("images", "pixels", "k", "batch")},
    }


# ---------------------------------------------------------------------------------------------
# The grid


S05, S10 = 0.5, 1.0


def grid(quick):
    """The cases: each axis swept around the study point (1,217 faces, 2,914 pixels, k 30) and the
    corners that matter (all of LFW at full resolution; the largest of every axis)."""
    study = Faces(1217, S05)
    if quick:
        return [
            NmfIterations(study, 30, "mu", 250, (1, 31), 2),
            NmfIterations(study, 30, "cd", 180, (1, 11), 2),
            NmfIterations(Faces(1217, S10), 30, "mu", 60, (1, 11), 2),
            NmfIterations(study, 200, "mu", 50, (1, 6), 2),
            NmfToTol(study, 30, "mu", "random", 2000, 2),
            Autoencoder(study, 32, 2, (1, 3), 2),
            Autoencoder(Faces(1217, S10), 128, 1, (1, 3), 2),
        ]
    nmf_points = [  # faces, k, (ours iterations, scikit-learn window) for mu and cd, rounds
        (study, 30, (300, (1, 51)), (200, (1, 21)), 3),
        (study, 10, (400, (1, 51)), (300, (1, 21)), 3),
        (study, 100, (100, (1, 21)), (60, (1, 11)), 3),
        (study, 200, (60, (1, 11)), (30, (1, 6)), 3),
        (Faces(13233, S05), 30, (30, (1, 11)), (30, (1, 6)), 3),
        (Faces(50000, S05), 30, (20, (1, 6)), (20, (1, 4)), 2),
        (Faces(1217, S10), 30, (80, (1, 21)), (50, (1, 11)), 3),
        (Faces(13233, S10), 30, (20, (1, 6)), (20, (1, 4)), 2),
        # Too slow for 20 minutes at more iterations: scikit-learn runs 3, measured over the last 2.
        (Faces(50000, S10), 200, (20, (1, 3)), (20, (1, 3)), 2),
    ]
    cases = []
    for faces, k, mu, cd, rounds in nmf_points:
        cases.append(NmfIterations(faces, k, "mu", mu[0], mu[1], rounds))
        cases.append(NmfIterations(faces, k, "cd", cd[0], cd[1], rounds))
    cases += [NmfToTol(study, 30, "mu", "random", 2000, 2), NmfToTol(study, 30, "cd", "nndsvda", 2000, 2)]
    for faces, epochs, passes, rounds in [(study, 12, (3, 5), 3), (Faces(1217, S10), 2, (2, 3), 3),
                                          (Faces(13233, S05), 1, (1, 3), 2), (Faces(13233, S10), 1, (1, 1), 2)]:
        for batch in (32, 128):
            cases.append(Autoencoder(faces, batch, epochs, passes, rounds))
    return cases


# ---------------------------------------------------------------------------------------------
# The machine's SGEMM rate, and the streaming case


class SgemmRate:
    """The machine's rate: GFLOP/s of the square product on each side, measured in rounds (A B)
    before and after the cases, as the machine's load may change between; the higher median."""

    def __init__(self, quick):
        self.jmh = ["-wi", "1", "-i", "3"] if quick else ["-wi", "2", "-i", "5"]
        self.ours, self.numpy = [], []

    def measure(self, ctx, when):
        res = ctx.work / "jmh.json"
        _, _, err = run_measured(JAVA[:1] + ["-cp", ctx.classpath, "org.openjdk.jmh.Main", "GemmBenchmark.square$",
                                             "-w", "1", "-r", "1", *self.jmh, "-rf", "json", "-rff", str(res)],
                                 ctx.work)
        out, _, err2 = run_measured([PY, "bench/gemm_numpy.py", "square"], ctx.work)
        if err or err2:
            ctx.log(f"SGEMM {when} failed: {err or err2}")
            return
        ms = json.loads(res.read_text())[0]["primaryMetric"]["score"]
        self.ours.append(2 * 2000 ** 3 / (ms * 1e-3) / 1e9)
        self.numpy.append(json_line(out)["gflops"])
        ctx.log(f"SGEMM {when}: ours {self.ours[-1]:.1f}, numpy {self.numpy[-1]:.1f} GFLOP/s")

    def rate(self):
        medians = [statistics.median(x) for x in (self.ours, self.numpy) if x]
        return max(medians) if medians else None

    def line(self):
        rounds = " | ".join(f"ours {o:.1f}, numpy {n:.1f}" for o, n in zip(self.ours, self.numpy))
        return (f"square SGEMM 2000^3 (before and after the cases): {rounds or '-'} GFLOP/s; "
                f"rate {fmt(self.rate(), 1)} GFLOP/s (the higher median)")


def streaming_case(ctx, faces, heap_mb):
    """Trains the autoencoder (1 epoch) on a face set larger than the Java heap, read batch by batch
    with `ae --stream`, and prints its time and peak memory. Runs once the jar's `ae` has --stream;
    until then it says so and skips."""
    helped = subprocess.run(["./facerecon", "ae", "--help"], cwd=REPO, capture_output=True, text=True)
    if "--stream" not in helped.stdout + helped.stderr:
        return "streamed training: skipped, this build's `facerecon ae` has no --stream"
    out = ctx.work / "stream"
    _, peak, err = run_measured(["./facerecon", "ae", "--stream", "--data", str(ctx.npy(faces)), "--epochs", "1",
                                 "--threads", str(ctx.threads), "--no-progress", "--out", str(out), "--overwrite"],
                                ctx.work, [f"JAVA_OPTS=-Xmx{heap_mb}m"])
    what = f"streamed training (ae --stream, 1 epoch) on {faces.label()} ({faces.bytes / MB:,.0f} MB of pixels) " \
           f"with a {heap_mb} MB Java heap"
    if err:
        return f"{what}: failed: {err}"
    r = json.loads((out / "results.json").read_text())
    return f"{what}: {r['seconds_per_epoch']:.2f} s/epoch, peak resident {peak:,.0f} MB"


# ---------------------------------------------------------------------------------------------
# The run


class Context:
    def __init__(self, args, data_dir, work):
        self.args, self.data_dir, self.work = args, data_dir, work
        self.threads = args.threads
        # scikit-learn's threads are OpenBLAS's.
        self.blas_threads = [f"OPENBLAS_NUM_THREADS={args.threads}"]
        self.classpath = os.environ.get("SCALE_CLASSPATH", "")
        self.lfw = Path(os.environ.get("FACERECON_LFW", REPO.parent / "shared" / "datasets" / "lfw"))

    def log(self, text):
        print(text, file=sys.stderr, flush=True)

    def npy(self, faces):
        return make_faces(faces, self.data_dir, self.lfw, self.log)

    def facerecon_nmf(self, faces, fit_args):
        """./facerecon nmf as a user runs it; its results.json, peak MB and error."""
        out = self.work / "nmf"
        env = []
        if 3 * faces.bytes > 4 << 30:  # beyond the default direct-memory limit (a quarter of the RAM)
            env = [f"JAVA_OPTS=-XX:MaxDirectMemorySize={math.ceil(4 * faces.bytes / (1 << 30)) + 1}g"]
        _, peak, err = run_measured(["./facerecon", "nmf", "--data", str(self.npy(faces)), *fit_args,
                                     "--threads", str(self.threads), "--no-progress", "--out", str(out),
                                     "--overwrite"], self.work, env)
        if err:
            return None, peak, err
        return json.loads((out / "results.json").read_text()), peak, None


def attempt(side, ctx):
    """One run of a side; a failure of this script's own reading of it becomes the run's error."""
    try:
        return side(ctx)
    except Exception as e:  # noqa: BLE001 - one broken case must not lose the others' figures
        return Run(None, float("nan"), f"{type(e).__name__}: {e}")


def said(run):
    if run.error:
        return "failed"
    v = run.values
    return ", ".join(f"{k} {v[k]:.4g}" for k in ("seconds", "s_per_epoch", "forward_s") if k in v) + \
        f", {run.peak_mb:,.0f} MB"


def fmt(v, digits=3):
    if v is None:
        return "-"
    return f"{v:,.{digits}f}" if abs(v) < 1000 else f"{v:,.0f}"


def print_table(rows, rate_line):
    head = (f"{'case':52s} {'metric':15s} {'unit':4s} {'reference':>10s} {'ours':>10s} {'ratio':>6s} "
            f"{'ref GFLOP/s (%)':>16s} {'ours GFLOP/s (%)':>17s} {'ref MB':>7s} {'ours MB':>8s}")
    print(rate_line)
    print(head)
    print("-" * len(head))
    for r in rows:
        def rate(side):
            g, p = r[f"{side}_gflops"], r[f"{side}_pct_of_sgemm"]
            return "-" if g is None else f"{g:6.1f} ({p:3.0f}%)" if p is not None else f"{g:6.1f}"
        print(f"{r['case'][:52]:52s} {r['metric']:15s} {r['unit']:4s} {fmt(r['reference']):>10s} {fmt(r['ours']):>10s} "
              f"{fmt(r['ratio'], 2):>6s} {rate('reference'):>16s} {rate('ours'):>17s} "
              f"{fmt(r['reference_peak_mb'], 0):>7s} {fmt(r['ours_peak_mb'], 0):>8s}")
        if r["note"]:
            print(f"    {r['note']}")


def write_csv(rows, path):
    keys = ["case", "method", "metric", "unit", "images", "pixels", "k", "batch", "reference", "ours", "ratio",
            "flops", "reference_gflops", "ours_gflops", "reference_pct_of_sgemm", "ours_pct_of_sgemm",
            "reference_peak_mb", "ours_peak_mb", "runs", "note"]
    tmp = path.with_suffix(".csv.part")
    with open(tmp, "w", newline="") as f:
        w = csv.DictWriter(f, keys, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    os.replace(tmp, path)


def write_plots(rows, out):
    """One chart per method: seconds against the size, both sides, log-log; returns the files."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    charts = {"nmf-mu": ("NMF mu: seconds per iteration", "k x pixels x images (one product with V)"),
              "nmf-cd": ("NMF cd: seconds per iteration", "k x pixels x images (one product with V)"),
              "ae": ("Autoencoder: seconds per epoch", "images x pixels"),
              "ae-forward": ("Autoencoder: seconds per forward pass over all faces", "images x pixels")}
    files = []
    for plot, (title, xlabel) in charts.items():
        mine = [r for r in rows if r["plot"] == plot and (r["reference"] or r["ours"])]
        if not mine:
            continue
        fig, ax = plt.subplots(figsize=(8, 5.5))
        nmf = plot.startswith("nmf")
        groups = [None] if nmf else sorted({r["batch"] for r in mine})
        ref_name = "scikit-learn" if nmf else "PyTorch"
        for g, marker in zip(groups, "os^v"):
            sel = [r for r in mine if g is None or r["batch"] == g]
            xs = [r["k"] * r["pixels"] * r["images"] if nmf else r["images"] * r["pixels"] for r in sel]
            scale = 1e-3 if nmf else 1  # the rows hold ms for NMF
            for side, style, color in ((ref_name, "--", "tab:blue"), ("facerecon", "-", "tab:orange")):
                key = "reference" if side == ref_name else "ours"
                pts = sorted((x, r[key] * scale) for x, r in zip(xs, sel) if r[key])
                if pts:
                    ax.plot(*zip(*pts), style, marker=marker, color=color,
                            label=side + ("" if g is None else f", batch {g}"))
            for x, r in zip(xs, sel):
                y = r["ours"] or r["reference"]
                tag = f"{r['images']}x{r['pixels']} k{r['k']}" if nmf else f"{r['images']}x{r['pixels']}"
                ax.annotate(tag, (x, y * scale), fontsize=6, xytext=(3, -8), textcoords="offset points")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("seconds")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
        path = out / f"scale-{plot}.png"
        tmp = out / f".scale-{plot}.png.part"
        fig.savefig(tmp, dpi=110, bbox_inches="tight", format="png")
        plt.close(fig)
        os.replace(tmp, path)
        files.append(path)
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a subset that runs in a few minutes")
    ap.add_argument("--repeats", type=int, help="rounds (A B) per case, overriding the grid's")
    ap.add_argument("--only", action="append", default=[],
                    help="run only the cases whose name contains TEXT (repeatable; 'sgemm', 'stream' name those)")
    ap.add_argument("--threads", type=int, default=2, help="threads of both sides (default 2)")
    ap.add_argument("--dry-run", action="store_true", help="list the cases and stop")
    ap.add_argument("--data-dir", type=Path, help="keep the generated face sets here and reuse them")
    ap.add_argument("--out", type=Path, default=REPO / "target" / "bench-scale", help="CSV and PNG folder")
    args = ap.parse_args()

    cases = grid(args.quick)
    wanted = lambda name: not args.only or any(t in name for t in args.only)
    cases = [c for c in cases if wanted(f"{c.name} {c.kind}")]
    if args.repeats:
        for c in cases:
            c.rounds = args.repeats
    if args.dry_run:
        if wanted("sgemm"):
            print("sgemm: square 2000^3, ours (JMH) and numpy, before and after the cases")
        for c in cases:
            print(f"{c.name} {c.kind}: {c.rounds} round(s)" + (f", ours {c.ours_iters} iterations, scikit-learn {c.window[1]}"
                                                     if type(c) is NmfIterations else ""))
        if wanted("stream"):
            print("stream: ae --stream when the jar has it")
        return

    if args.data_dir and REPO in args.data_dir.resolve().parents:
        sys.exit("--data-dir must be outside the repository")
    started = time.time()
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="facerecon-scale-") as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tmp) / "work"
        work.mkdir()
        ctx = Context(args, data_dir, work)
        sgemm = SgemmRate(args.quick)
        if wanted("sgemm"):
            sgemm.measure(ctx, "before the cases")
        # The launcher writes its class-data archive on its first run after a build: not a measured one.
        ctx.facerecon_nmf(Faces(1217, S05), ["--k", "5", "--max-iter", "10"])
        done, stream, interrupted, i = [], None, None, 0
        # Stopped (Ctrl-C or kill), the run still prints and writes the cases it finished.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            for i, case in enumerate(cases, 1):
                ref, ours = [], []
                for r in range(case.rounds):
                    ctx.log(f"[{i}/{len(cases)}] {case.name} {case.kind}: round {r + 1}/{case.rounds} "
                            f"({(time.time() - started) / 60:.1f} min)")
                    ref.append(attempt(case.reference, ctx))
                    ours.append(attempt(case.ours, ctx))
                    ctx.log(f"    reference {said(ref[-1])} | ours {said(ours[-1])}")
                    if ref[-1].error or ours[-1].error:
                        ctx.log(f"    failed: {ref[-1].error or ours[-1].error}")
                        break
                done.append((case, ref, ours))
            if wanted("stream"):
                stream = streaming_case(ctx, Faces(13233 if args.quick else 50000, S05), 64 if args.quick else 256)
            if wanted("sgemm"):
                sgemm.measure(ctx, "after the cases")
        except KeyboardInterrupt:
            interrupted = f"interrupted in case {i} of {len(cases)}: only the cases before it are shown"
    rows = [r for case, ref, ours in done for r in case.rows(ref, ours, sgemm.rate())]

    args.out.mkdir(parents=True, exist_ok=True)
    csv_path = args.out / "scale.csv"
    write_csv(rows, csv_path)
    plots = write_plots(rows, args.out)
    minutes = (time.time() - started) / 60
    rate_line = (f"machine: {sgemm.line()}; load average {load_start:.1f} at the start, "
                 f"{os.getloadavg()[0]:.1f} at the end, {os.cpu_count()} cores; {minutes:.1f} minutes")
    print()
    if interrupted:
        print(interrupted)
    print_table(rows, rate_line)
    print()
    print("GFLOP/s: NMF mu per iteration 4kmn + 4k^2(m+n) (k components, m pixels, n images: the products"
          " with V and with the k x k Gram matrices); autoencoder forward N F, epoch N (3F - F1), F the forward"
          " flops of one face (2 x multiply-adds of its four 3x3 layers), F1 its first layer's; (%) of the rate.")
    print("ratio = reference time / ours (> 1: ours is faster); MB: peak resident size of the process"
          " (autoencoder epochs: its high-water mark after training)")
    print("faces: LFW at resize 0.5 (62x47) and 1.0 (125x94); 50,000 = LFW's 13,233 with mirrored, shifted"
          " (<= 2 px) and mirrored-shifted copies (bench/scale_augment.py), generated outside the repository")
    if stream:
        print(stream)
    print()
    ratios = [(r["case"] + " " + r["metric"], r["ratio"]) for r in rows if r["ratio"]]
    missing = [r["case"] for r in rows if r["ratio"] is None]
    for name, ratio in ratios:
        print(f"ratio {ratio:6.2f}  {name}")
    if missing:
        print(f"no ratio (a side failed, see its note): {'; '.join(missing)}")
    if ratios:
        print(f"min ratio {min(r for _, r in ratios):.2f}")
    print(f"csv {csv_path}")
    print("png " + " ".join(str(p) for p in plots))


if __name__ == "__main__":
    main()
