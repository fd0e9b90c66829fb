"""Proves that facerecon's autoencoder model files are PyTorch models: weights saved by Java,
loaded into the PyTorch module with load_state_dict, give the same reconstructions as Java's
within 1e-5.

  FACERECON_LFW=path/to/lfw /usr/bin/python3 tools/golden/ae_roundtrip.py [--model FILE] [--arch study|bottleneck]

Without --model it first trains one with `facerecon ae --epochs 2` (on the persons with >= 75
images). It then runs `facerecon reconstruct` on the same images, reads reconstructions.npy,
computes PyTorch's reconstructions from the same file and prints the largest difference; the exit
code is 1 if it exceeds the tolerance. Needs facerecon-cli/target/facerecon.jar (./mvnw package)."""
import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

from ae_common import REPO, load_safetensors, model_from_metadata

sys.path.insert(0, str(REPO / "bench"))
from ae_torch import load_faces  # noqa: E402

TOLERANCE = 1e-5


def facerecon(*args):
    cmd = ["java", "-jar", str(REPO / "facerecon-cli" / "target" / "facerecon.jar"), *args]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model")
    ap.add_argument("--arch", default="study")
    ap.add_argument("--code-size", default="30")
    args = ap.parse_args()
    lfw = os.environ["FACERECON_LFW"]
    data = ["--data", lfw, "--min-faces", "75"]
    with tempfile.TemporaryDirectory() as tmp:
        model = args.model
        if model is None:
            facerecon("ae", *data, "--arch", args.arch, "--code-size", args.code_size,
                      "--epochs", "2", "--no-progress", "--out", f"{tmp}/train")
            model = f"{tmp}/train/model.safetensors"
        facerecon("reconstruct", *data, "--model", model, "--out", f"{tmp}/rec")
        ours = np.load(f"{tmp}/rec/reconstructions.npy")
        tensors, meta = load_safetensors(model)

    net = model_from_metadata(meta)
    net.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in tensors.items()})
    net.eval()
    X = torch.from_numpy(load_faces(lfw)).unsqueeze(1)
    with torch.no_grad():
        theirs = net(X).squeeze(1).numpy()
    diff = float(np.abs(theirs - ours).max())
    print(f"{meta['architecture']} model, {len(X)} images: largest |PyTorch - facerecon| = {diff:.2e} "
          f"(tolerance {TOLERANCE:.0e})")
    sys.exit(0 if diff <= TOLERANCE else 1)


if __name__ == "__main__":
    main()
