"""Writes small .npy files, as numpy.save writes them, for the .npy reader's tests.

Run from the repository root:  /usr/bin/python3 tools/golden/npy_fixtures.py
Output: facerecon-core/src/test/resources/golden/npy/*.npy, plus values.json with each array's float32 values
in C order (after astype(float32)) and its shape. Synthetic data only.
"""
import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "facerecon-core" / "src" / "test" / "resources" / "golden" / "npy"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.RandomState(7)
    base = rng.rand(3, 4, 5)  # N x H x W in [0, 1)
    arrays = {
        "f4_c": base.astype("<f4"),
        "f4_big": base.astype(">f4"),
        "f8_c": base.astype("<f8"),
        "f8_big_fortran": np.asfortranarray(base.astype(">f8")),
        "f4_fortran": np.asfortranarray(base.astype("<f4")),
        "u1_c": (base * 255).round().astype(np.uint8),
        "u1_fortran": np.asfortranarray((base * 255).round().astype(np.uint8)),
        "f4_rank2": base.reshape(3, 20).astype("<f4"),
        "f4_rank2_fortran": np.asfortranarray(base.reshape(3, 20).astype("<f4")),
        "i8_c": (base * 10).astype("<i8"),
        "f4_rank4": base.reshape(3, 1, 4, 5).astype("<f4"),
        "f4_out_of_range": (base * 2 - 0.5).astype("<f4"),
    }
    values = {}
    for name, a in arrays.items():
        np.save(OUT / f"{name}.npy", a)
        values[name] = {
            "shape": list(a.shape),
            "values": [float(v) for v in np.ascontiguousarray(a).astype(np.float32).ravel()],
        }
    # Format version 2.0 (4-byte header length), as numpy writes for very large headers.
    with open(OUT / "f4_v2.npy", "wb") as f:
        np.lib.format.write_array(f, arrays["f4_c"], version=(2, 0))
    values["f4_v2"] = values["f4_c"]
    (OUT / "values.json").write_text(json.dumps(values, indent=0) + "\n")


if __name__ == "__main__":
    main()
