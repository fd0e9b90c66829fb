"""Per-person test counts of scikit-learn's stratified train_test_split, for the split tests.

Run from the repository root:  /usr/bin/python3 tools/golden/split_fixtures.py
Output: facerecon-core/src/test/resources/golden/split/stratified.json, a list of
{"counts": [images per person], "test_fraction": f, "test_counts": [test images per person]}
for random person sizes (2..60 images, 2..8 persons). Only cases where every random_state gives
the same counts are kept: elsewhere scikit-learn breaks ties at random. Synthetic data only.
"""
import json
from pathlib import Path

import numpy as np
from sklearn.model_selection import train_test_split

OUT = Path(__file__).resolve().parents[2] / "facerecon-core" / "src" / "test" / "resources" / "golden" / "split"


def main():
    rng = np.random.RandomState(0)
    cases = [{"counts": [77, 236, 121, 530, 109, 144], "test_fraction": 0.2}]
    for _ in range(200):
        counts = [int(c) for c in rng.randint(2, 60, size=rng.randint(2, 8))]
        cases.append({"counts": counts, "test_fraction": float(rng.choice([0.1, 0.2, 0.25, 0.3, 0.5]))})
    kept = []
    for case in cases:
        y = np.repeat(np.arange(len(case["counts"])), case["counts"])
        seen = set()
        try:
            for state in range(5):
                _, test = train_test_split(np.arange(len(y)), test_size=case["test_fraction"],
                                           stratify=y, random_state=state)
                seen.add(tuple(int(v) for v in np.bincount(y[test], minlength=len(case["counts"]))))
        except ValueError:  # too few images for scikit-learn's own checks
            continue
        if len(seen) == 1:
            kept.append({**case, "test_counts": list(seen.pop())})
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "stratified.json").write_text(json.dumps(kept) + "\n")
    print(f"{len(kept)} cases")


if __name__ == "__main__":
    main()
