"""Golden fixtures for facerecon's nn layers, loss and Adam, from PyTorch on synthetic data.

  /usr/bin/python3 tools/golden/ae_layers.py

Writes facerecon-core/src/test/resources/golden/nn/layers.safetensors: for every case, the input `x`, a random
output gradient `gy`, the layer's weights, and PyTorch's output `y`, input gradient `gx` and
weight gradients; plus one forward/backward of the study's model under MSELoss, and three Adam
steps (with and without weight decay). Case settings are in the file's metadata (JSON)."""
import json

import numpy as np
import torch
from torch import nn

from ae_common import REPO, StudyAE, as_numpy, save_safetensors

OUT = REPO / "facerecon-core/src/test/resources/golden/nn/layers.safetensors"

# name -> (constructor, keyword settings, input shape); odd sizes and output padding included.
LAYERS = {
    "conv_k3s2p1": (nn.Conv2d, dict(in_channels=3, out_channels=4, kernel_size=3, stride=2, padding=1), (2, 3, 7, 5)),
    "conv_k4s3p2": (nn.Conv2d, dict(in_channels=2, out_channels=3, kernel_size=4, stride=3, padding=2), (2, 2, 9, 8)),
    "conv_k1s1p0": (nn.Conv2d, dict(in_channels=5, out_channels=2, kernel_size=1, stride=1, padding=0), (3, 5, 3, 4)),
    "conv_k5s1p0": (nn.Conv2d, dict(in_channels=1, out_channels=3, kernel_size=5, stride=1, padding=0), (2, 1, 6, 7)),
    "convt_k3s2p1o1": (nn.ConvTranspose2d, dict(in_channels=4, out_channels=3, kernel_size=3, stride=2, padding=1, output_padding=1), (2, 4, 5, 3)),
    "convt_k4s3p1o2": (nn.ConvTranspose2d, dict(in_channels=2, out_channels=3, kernel_size=4, stride=3, padding=1, output_padding=2), (2, 2, 4, 5)),
    "convt_k3s1p0o0": (nn.ConvTranspose2d, dict(in_channels=3, out_channels=2, kernel_size=3, stride=1, padding=0, output_padding=0), (3, 3, 3, 4)),
    "convt_k2s2p0o1": (nn.ConvTranspose2d, dict(in_channels=3, out_channels=1, kernel_size=2, stride=2, padding=0, output_padding=1), (2, 3, 3, 5)),
    "conv_rect": (nn.Conv2d, dict(in_channels=2, out_channels=3, kernel_size=(3, 2), stride=(2, 1), padding=(1, 0)), (2, 2, 7, 6)),
    "convt_rect": (nn.ConvTranspose2d, dict(in_channels=2, out_channels=2, kernel_size=(2, 3), stride=(1, 2), padding=(0, 1), output_padding=(0, 1)), (2, 2, 4, 3)),
    "linear_7_5": (nn.Linear, dict(in_features=7, out_features=5), (4, 7)),
    "relu": (nn.ReLU, dict(), (3, 2, 4, 5)),
    "sigmoid": (nn.Sigmoid, dict(), (3, 2, 4, 5)),
}


def layer_case(name, ctor, kwargs, shape, tensors, meta):
    layer = ctor(**kwargs)
    x = torch.randn(*shape, requires_grad=True)
    y = layer(x)
    gy = torch.randn_like(y)
    y.backward(gy)
    tensors[f"{name}.x"] = as_numpy(x)
    tensors[f"{name}.gy"] = as_numpy(gy)
    tensors[f"{name}.y"] = as_numpy(y)
    tensors[f"{name}.gx"] = as_numpy(x.grad)
    for pname, p in layer.named_parameters():
        tensors[f"{name}.{pname}"] = as_numpy(p)
        tensors[f"{name}.grad.{pname}"] = as_numpy(p.grad)
    meta[name] = {"type": ctor.__name__, **kwargs}


def crop_case(tensors, meta):
    x = torch.randn(2, 3, 6, 5, requires_grad=True)
    y = x[:, :, :4, :3]
    gy = torch.randn_like(y)
    y.backward(gy)
    tensors.update({"crop.x": as_numpy(x), "crop.gy": as_numpy(gy), "crop.y": as_numpy(y),
                    "crop.gx": as_numpy(x.grad)})
    meta["crop"] = {"type": "Crop", "height": 4, "width": 3}


def study_case(tensors, meta):
    """One forward/backward of the study's model on 3 random 62x47 images under MSELoss."""
    model = StudyAE()
    x = torch.rand(3, 1, 62, 47)
    y = model(x)
    loss = nn.functional.mse_loss(y, x)
    loss.backward()
    tensors["study.x"] = as_numpy(x)
    tensors["study.y"] = as_numpy(y)
    for pname, p in model.named_parameters():
        tensors[f"study.{pname}"] = as_numpy(p)
        tensors[f"study.grad.{pname}"] = as_numpy(p.grad)
    meta["study"] = {"loss": float(loss)}


def adam_case(name, weight_decay, tensors, meta):
    """Three torch.optim.Adam steps on two parameters with fixed random gradients."""
    a = torch.randn(4, 3, requires_grad=True)
    b = torch.randn(5, requires_grad=True)
    tensors[f"{name}.a.0"], tensors[f"{name}.b.0"] = as_numpy(a), as_numpy(b)
    opt = torch.optim.Adam([a, b], lr=0.01, weight_decay=weight_decay)
    for step in range(1, 4):
        a.grad = torch.randn_like(a)
        b.grad = torch.randn_like(b) * 1e-3
        tensors[f"{name}.grad.a.{step}"] = as_numpy(a.grad)
        tensors[f"{name}.grad.b.{step}"] = as_numpy(b.grad)
        opt.step()
        tensors[f"{name}.a.{step}"] = as_numpy(a)
        tensors[f"{name}.b.{step}"] = as_numpy(b)
    meta[name] = {"lr": 0.01, "weight_decay": weight_decay, "steps": 3}


def main():
    torch.manual_seed(1234)
    tensors, meta = {}, {}
    for name, (ctor, kwargs, shape) in LAYERS.items():
        layer_case(name, ctor, kwargs, shape, tensors, meta)
    crop_case(tensors, meta)
    study_case(tensors, meta)
    adam_case("adam", 0.0, tensors, meta)
    adam_case("adam_wd", 0.05, tensors, meta)
    save_safetensors(OUT, tensors, {"cases": json.dumps(meta), "torch": torch.__version__})
    print(f"wrote {OUT.relative_to(REPO)} ({OUT.stat().st_size} bytes, {len(tensors)} tensors)")


if __name__ == "__main__":
    main()
