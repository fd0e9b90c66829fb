#!/usr/bin/env python3
"""Golden fixtures for NumpyRandomState: NumPy's legacy RandomState draws.

For several seeds and each kind of draw, records the SHA-256 of the first 100,000 values (as
little-endian float64 or int64) and a few of the values themselves, so the Java test checks every
draw bit for bit without storing them.

Normal draws are recorded rounded to float32, the precision scikit-learn uses them at: NumPy takes
the logarithm of the polar method from the platform's C library, whose last bit Java's
StrictMath.log need not share, so as doubles they may differ in the last bits.

Run from the repository root:  python3 tools/golden/numpy_random_reference.py
"""
import hashlib
import json
import os

import numpy as np

OUT = os.path.join("facerecon-core", "src", "test", "resources", "golden", "linalg",
                   "numpy_random.json")
SEEDS = [0, 1, 42, 123456789, 2**32 - 1]
COUNT = 100_000


def draws(rs):
    """Each kind of draw, in the order the Java test makes them from one fresh generator each."""
    return {
        "random_sample": lambda: rs().random_sample(COUNT),
        "standard_normal": lambda: to_float32(rs().standard_normal(COUNT)),
        "uniform": lambda: rs().uniform(-2.0, 3.0, COUNT),
        "randint_1000": lambda: rs().randint(0, 1000, COUNT),
        "randint_int32_max": lambda: rs().randint(np.iinfo(np.int32).max, size=COUNT),
        "randint_2_40": lambda: rs().randint(-5, 2**40, COUNT),
        "randint_scalar_1217": lambda: np.array([r.randint(1217) for r in [rs()] for _ in range(COUNT)]),
        "permutation": lambda: rs().permutation(COUNT),
        "mixed": lambda: mixed(rs()),
    }


def to_float32(values):
    """Values rounded to float32, kept as float64."""
    return np.float64(np.float32(values)) if np.isscalar(values) else values.astype(np.float32).astype(np.float64)


def mixed(r):
    """Normal draws interleaved with uniform ones: the kept second normal value survives them."""
    out = []
    for i in range(COUNT // 4):
        out.append(to_float32(r.standard_normal()))
        out.append(r.random_sample())
        out.append(to_float32(r.standard_normal()))
        out.append(float(r.randint(0, 7 + i % 5)))
    return np.array(out, dtype=np.float64)


def summary(values):
    if values.dtype.kind == "f":
        data = values.astype("<f8")
        head = [float(v) for v in data[:5]]
    else:
        data = values.astype("<i8")
        head = [int(v) for v in data[:5]]
    last = float(data[-1]) if data.dtype.kind == "f" else int(data[-1])
    return {"sha256": hashlib.sha256(data.tobytes()).hexdigest(), "head": head, "last": last}


def main():
    result = {"numpy": np.__version__, "count": COUNT, "seeds": {}}
    for seed in SEEDS:
        kinds = draws(lambda: np.random.RandomState(seed))
        result["seeds"][str(seed)] = {name: summary(make()) for name, make in kinds.items()}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
