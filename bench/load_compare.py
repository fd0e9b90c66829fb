"""Loading LFW: `facerecon info` against scikit-learn's loading path, side by side.

Runs A (facerecon through its launcher `./facerecon`, as users run it) and B (scikit-learn,
bench/load_sklearn.py) alternately, A B A B ..., each in a fresh process, and reports medians: the
load time each one measures itself, the whole process's wall time and its CPU time (all threads).
The two load spans match: facerecon's `load_seconds` runs from the data path to the finished pixel
matrix (format check, ImageIO set-up, folder listing, decoding), scikit-learn's from listing to the
shuffled array, after Python has imported numpy and Pillow (as the JVM has loaded its runtime).
Also shown: the same command as a bare `java -jar` (without the launcher's class-data archive and
JIT flags) and JVM startup alone (`facerecon --version`). One untimed run of each side comes
first, so that both read the images from the page cache and the launcher makes its class-data
archive from this command (as on a user's first run after a build).
Ratio lines last. Standard library only; the scikit-learn side needs numpy and Pillow in $PYTHON.
"""
import argparse
import glob
import json
import os
import resource
import statistics
import subprocess
import sys
import time


def timed(cmd, env):
    """Runs cmd; returns its wall time, CPU time (user + system, all threads) and output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="LFW folder")
    ap.add_argument("--min-faces", type=int, default=75)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jar", default="facerecon-cli/target/facerecon.jar")
    ap.add_argument("--python", default=os.environ.get("PYTHON", "python3"))
    args = ap.parse_args()

    env = dict(os.environ)
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        env.pop(var, None)
    here = os.path.dirname(os.path.abspath(__file__))
    launcher = os.path.join(here, "..", "facerecon")
    info = ["info", "--data", args.data, "--min-faces", str(args.min_faces), "--json"]
    ours = [launcher] + info
    bare = ["java", "-jar", args.jar] + info
    theirs = [args.python, os.path.join(here, "load_sklearn.py"), args.data, "--min-faces", str(args.min_faces)]
    startup = [launcher, "--version"]
    sides = (("facerecon", ours), ("sklearn", theirs), ("java -jar", bare), ("jvm", startup))

    # The launcher archives the classes of its first run after a build: let that be this command.
    for archive in glob.glob(os.path.join(here, "..", "facerecon-cli", "target", "facerecon*.jsa")):
        os.remove(archive)
    for _, cmd in sides:
        timed(cmd, env)
    rows = {name: [] for name, _ in sides}
    for run in range(args.runs):
        for name, cmd in sides:
            wall, cpu, out = timed(cmd, env)
            try:
                result = json.loads(out) if name != "jvm" else {"load_seconds": float("nan"), "images": None}
            except ValueError:
                sys.exit(f"{name} printed no JSON object:\n{out}")
            load, images = result["load_seconds"], result["images"]
            rows[name].append((load, wall, cpu, images))
            print(f"run {run + 1} {name:9s} load {load:7.3f} s  process {wall:7.3f} s  cpu {cpu:7.3f} s"
                  + (f"  images {images}" if images else ""), flush=True)

    def med(name, k):
        return statistics.median(r[k] for r in rows[name])

    a_load, b_load = med("facerecon", 0), med("sklearn", 0)
    a_wall, b_wall, jvm = med("facerecon", 1), med("sklearn", 1), med("jvm", 1)
    a_cpu, b_cpu, jvm_cpu = med("facerecon", 2), med("sklearn", 2), med("jvm", 2)
    load_avg = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"\nmedians over {args.runs} runs, --min-faces {args.min_faces}, {rows['facerecon'][0][3]} images, "
          f"{os.cpu_count()} cpus, load average now {load_avg}")
    print(f"facerecon  load {a_load:.3f} s   process {a_wall:.3f} s   cpu {a_cpu:.3f} s"
          f"   (JVM startup alone: {jvm:.3f} s, cpu {jvm_cpu:.3f} s)")
    print(f"java -jar  load {med('java -jar', 0):.3f} s   process {med('java -jar', 1):.3f} s"
          f"   cpu {med('java -jar', 2):.3f} s   (without the launcher's archive and JIT flags)")
    print(f"sklearn    load {b_load:.3f} s   process {b_wall:.3f} s   cpu {b_cpu:.3f} s")
    print(f"ratio load    sklearn / facerecon = {b_load / a_load:.2f}x")
    print(f"ratio process sklearn / facerecon = {b_wall / a_wall:.2f}x")


if __name__ == "__main__":
    main()
