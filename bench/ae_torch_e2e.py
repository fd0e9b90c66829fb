"""The PyTorch side of bench/ae_e2e: what `facerecon ae --epochs N` does, as one Python process —
imports, loading the 1,217 LFW faces (scikit-learn's preprocessing), training the study's
autoencoder (batch 32, Adam lr 1e-3, MSE), then saving the weights, a reconstructions grid and a
results file into OUT. bench/ae_e2e times the whole process from outside.

  FACERECON_LFW=path/to/lfw /usr/bin/python3 bench/ae_torch_e2e.py --epochs 20 --out DIR
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools" / "golden"))
from ae_common import StudyAE  # noqa: E402
from ae_torch import load_faces  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2, help="torch intra-op threads")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    from threadpoolctl import threadpool_limits
    threadpool_limits(1, user_api="blas")
    torch.set_num_threads(args.threads)
    faces = load_faces(os.environ["FACERECON_LFW"])
    X = torch.from_numpy(faces).unsqueeze(1).contiguous()
    torch.manual_seed(0)
    model = StudyAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loader = DataLoader(TensorDataset(X), batch_size=32, shuffle=True)
    t0 = time.perf_counter()
    losses = []
    for _ in range(args.epochs):
        model.train()
        total = 0.0
        for (xb,) in loader:
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(xb), xb)
            loss.backward()
            opt.step()
            total += float(loss) * len(xb)
        losses.append(total / len(X))
    train_s = time.perf_counter() - t0
    model.eval()
    with torch.no_grad():
        recon = model(X)
        mse = float(nn.functional.mse_loss(recon, X))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), out / "model.pt")
    shown = np.concatenate([np.concatenate(list(faces[:10]), axis=1),
                            np.concatenate(list(recon[:10, 0].numpy()), axis=1)], axis=0)
    Image.fromarray((np.clip(shown, 0, 1) * 255).astype(np.uint8)).save(out / "reconstructions.png")
    (out / "results.json").write_text(json.dumps({"epochs": args.epochs, "train_seconds": train_s,
                                                  "train_mse": mse, "loss": losses}))


if __name__ == "__main__":
    main()
