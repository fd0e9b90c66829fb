"""Shared pieces of the autoencoder golden scripts: the PyTorch models that facerecon's `nn`
package reproduces, and a small reader/writer of the safetensors format (JSON header + raw
little-endian float32), so the scripts need nothing beyond PyTorch and NumPy."""
import json
import struct
from pathlib import Path

import numpy as np
import torch
from torch import nn

REPO = Path(__file__).resolve().parents[2]


class StudyAE(nn.Module):
    """The study's model: two stride-2 convolutions down, two transposed convolutions up,
    output cropped to the input's size. Parameter names match facerecon's model files."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU())
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
            nn.ConvTranspose2d(16, 1, 3, stride=2, padding=1, output_padding=1), nn.Sigmoid())

    def forward(self, x):
        h, w = x.shape[-2:]
        return self.decoder(self.encoder(x))[:, :, :h, :w]


class BottleneckAE(nn.Module):
    """The study's conv stack with a Linear layer down to `code_size` values and back."""

    def __init__(self, height, width, code_size):
        super().__init__()
        h2 = ((height + 1) // 2 + 1) // 2
        w2 = ((width + 1) // 2 + 1) // 2
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),
            nn.Flatten(), nn.Linear(32 * h2 * w2, code_size))
        self.decoder = nn.Sequential(
            nn.Linear(code_size, 32 * h2 * w2), nn.ReLU(), nn.Unflatten(1, (32, h2, w2)),
            nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
            nn.ConvTranspose2d(16, 1, 3, stride=2, padding=1, output_padding=1), nn.Sigmoid())

    def forward(self, x):
        h, w = x.shape[-2:]
        return self.decoder(self.encoder(x))[:, :, :h, :w]


def model_from_metadata(meta):
    """The PyTorch model a facerecon model file describes."""
    if meta["architecture"] == "study":
        return StudyAE()
    return BottleneckAE(int(meta["height"]), int(meta["width"]), int(meta["code_size"]))


def save_safetensors(path, tensors, metadata=None):
    """Writes float32 tensors (name -> array) in the safetensors format."""
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    for name, value in tensors.items():
        a = np.ascontiguousarray(np.asarray(value, dtype="<f4"))
        header[name] = {"dtype": "F32", "shape": list(a.shape),
                        "data_offsets": [offset, offset + a.nbytes]}
        chunks.append(a.tobytes())
        offset += a.nbytes
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for c in chunks:
            f.write(c)


def load_safetensors(path):
    """Reads a safetensors file of float32 tensors: (name -> array, metadata)."""
    data = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    out = {}
    for name, info in header.items():
        assert info["dtype"] == "F32", f"{name}: dtype {info['dtype']}"
        b, e = info["data_offsets"]
        out[name] = np.frombuffer(data[8 + n + b:8 + n + e], dtype="<f4").reshape(info["shape"])
    return out, meta


def as_numpy(t):
    return t.detach().cpu().numpy().astype(np.float32)
