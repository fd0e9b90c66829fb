"""Golden fixture: two epochs of the study's autoencoder in PyTorch on the first 256 of the 1,217
LFW faces (min_faces_per_person=75) in facerecon's loader order (persons sorted by folder, files
sorted, no shuffle).

  FACERECON_LFW=path/to/lfw /usr/bin/python3 tools/golden/ae_lfw_epochs.py [--baselines DIR]

PyTorch's random streams cannot be replayed in Java, so the fixture holds what the Java test
needs to replay the run: the initial weights (`init.<name>`), each epoch's image order
(`order.<epoch>`), and PyTorch's losses (`batch_loss` per minibatch, `epoch_loss` = sample-weighted
mean per epoch). No pixels: the test reads the faces itself. `--baselines` is the folder holding
`lfw_gray.py` (default ../shared/baselines beside the repository), whose loader reproduces
facerecon's pixels exactly."""
import argparse
import os
import sys

import numpy as np
import torch
from torch import nn

from ae_common import REPO, StudyAE, as_numpy, save_safetensors

OUT = REPO / "facerecon-core/src/test/resources/golden/nn/lfw_two_epochs.safetensors"
N_IMAGES, BATCH, EPOCHS, LR = 256, 32, 2, 1e-3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baselines", default=str(REPO.parent / "shared" / "baselines"))
    args = ap.parse_args()
    sys.path.insert(0, args.baselines)
    from lfw_gray import _list_people, _load_imgs  # noqa: E402

    _, paths = _list_people(os.environ["FACERECON_LFW"], 75)
    X = torch.from_numpy(_load_imgs(paths[:N_IMAGES])).unsqueeze(1).contiguous()
    torch.set_num_threads(2)
    torch.manual_seed(0)
    model = StudyAE()
    tensors = {f"init.{k}": as_numpy(v) for k, v in model.state_dict().items()}
    gen = torch.Generator().manual_seed(0)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    batch_losses, epoch_losses = [], []
    for epoch in range(EPOCHS):
        perm = torch.randperm(N_IMAGES, generator=gen)
        tensors[f"order.{epoch}"] = perm.numpy().astype(np.float32)
        total, losses = 0.0, []
        for start in range(0, N_IMAGES, BATCH):
            xb = X[perm[start:start + BATCH]]
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(xb), xb)
            loss.backward()
            opt.step()
            losses.append(loss.item())
            total += loss.item() * len(xb)
        batch_losses.append(losses)
        epoch_losses.append(total / N_IMAGES)
    tensors["batch_loss"] = np.array(batch_losses, dtype=np.float32)
    tensors["epoch_loss"] = np.array(epoch_losses, dtype=np.float32)
    save_safetensors(OUT, tensors, {"images": N_IMAGES, "batch_size": BATCH, "lr": LR,
                                    "epochs": EPOCHS, "torch": torch.__version__,
                                    "epoch_loss": ",".join(repr(v) for v in epoch_losses)})
    print(f"wrote {OUT.relative_to(REPO)}: epoch losses {epoch_losses}")


if __name__ == "__main__":
    main()
