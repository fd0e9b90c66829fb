"""The PyTorch side of bench/ae and bench/scale: the study's autoencoder trained on the LFW faces of
persons with at least 75 images (1,217 images of 62x47, facerecon's loader order) or on the faces
of an .npy, then an evaluation forward pass over all images timed (5 untimed warm-up passes, then
the median of 7). Prints one JSON line, with the median of the second half of the epochs and the
resident-memory high-water mark after training.

  FACERECON_LFW=path/to/lfw /usr/bin/python3 bench/ae_torch.py --epochs 20 --blas-threads 1 [--seed 0]
      [--npy FACES.npy] [--batch-size 32] [--forward-passes 5 7]

Give PyTorch its best configuration on this kind of machine: GLIBC_TUNABLES=glibc.malloc.hugetlb=1
in the environment and OpenBLAS on one thread beside torch's two (--blas-threads 1); bench/ae does.
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools" / "golden"))
from ae_common import StudyAE  # noqa: E402


def load_faces(root, min_faces=75):
    """scikit-learn's fetch_lfw_people preprocessing: crop rows 70-195, columns 78-172, resize
    to 47x62 (Pillow's default filter), scale to [0, 1]; persons and files in sorted order."""
    paths = []
    for person in sorted(os.listdir(root)):
        folder = os.path.join(root, person)
        if os.path.isdir(folder):
            files = [os.path.join(folder, f) for f in sorted(os.listdir(folder))]
            if len(files) >= min_faces:
                paths.extend(files)
    faces = np.zeros((len(paths), 62, 47), dtype=np.float32)
    for i, p in enumerate(paths):
        img = Image.open(p).crop((78, 70, 172, 195)).resize((47, 62))
        a = np.asarray(img, dtype=np.float32) / 255.0
        faces[i] = a.mean(axis=2) if a.ndim == 3 else a
    return faces


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--blas-threads", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2, help="torch intra-op threads")
    ap.add_argument("--seed", type=int, default=0, help="seeds the initial weights and the batch order")
    ap.add_argument("--npy", help="N x h x w float32 faces (as `facerecon info --save-npy` writes) instead of LFW")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--forward-passes", type=int, nargs=2, default=(5, 7), metavar=("UNTIMED", "TIMED"))
    args = ap.parse_args()
    from threadpoolctl import threadpool_limits
    threadpool_limits(args.blas_threads, user_api="blas")
    torch.set_num_threads(args.threads)
    faces = np.load(args.npy) if args.npy else load_faces(os.environ["FACERECON_LFW"])
    X = torch.from_numpy(faces).unsqueeze(1).contiguous()

    torch.manual_seed(args.seed)
    model = StudyAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loader = DataLoader(TensorDataset(X), batch_size=args.batch_size, shuffle=True)
    t0, c0 = time.perf_counter(), time.process_time()
    epoch_s = []
    for _ in range(args.epochs):
        e0 = time.perf_counter()
        model.train()
        for (xb,) in loader:
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(xb), xb)
            loss.backward()
            opt.step()
        epoch_s.append(time.perf_counter() - e0)
    train_s, train_cpu = time.perf_counter() - t0, time.process_time() - c0
    train_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    model.eval()
    with torch.no_grad():
        mse = float(nn.functional.mse_loss(model(X), X))

    torch.manual_seed(0)
    fresh = StudyAE().eval()
    with torch.no_grad():
        untimed, timed = args.forward_passes
        for _ in range(untimed):
            fresh(X)
        times, cpu = [], []
        for _ in range(timed):
            t, c = time.perf_counter(), time.process_time()
            fresh(X)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    print(json.dumps({"impl": "pytorch", "torch": torch.__version__, "images": len(X),
                      "epochs": args.epochs, "train_s": round(train_s, 4),
                      "s_per_epoch": round(train_s / args.epochs, 5),
                      "steady_s_per_epoch": round(statistics.median(epoch_s[len(epoch_s) // 2:]), 5) if len(epoch_s) > 1 else None,
                      "recon_mse_train_eval": round(mse, 7),
                      "forward_s": round(statistics.median(times), 5),
                      "cpu_s_per_epoch": round(train_cpu / args.epochs, 5),
                      "forward_cpu_s": round(statistics.median(cpu), 5),
                      "threads": args.threads, "batch_size": args.batch_size,
                      "train_peak_mb": round(train_peak_mb, 1)}), flush=True)


if __name__ == "__main__":
    main()
