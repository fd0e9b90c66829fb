"""scikit-learn 1.2.1's LFW loading path, timed, for gray or RGB JPEG folders.

This is ``sklearn.datasets._lfw._fetch_lfw_people`` + ``_load_imgs`` step by step: sorted person
folders and files, persons with >= min_faces images, PIL crop((78, 70, 172, 195)), resize by
``resize`` with Pillow's default filter, float32 / 255, the mean of the colour channels (only for
RGB images: scikit-learn's own code calls ``mean(axis=2)``, which fails on single-channel JPEGs),
then its fixed shuffle. One process, one load; prints one JSON object.

usage: python3 bench/load_sklearn.py LFW_FOLDER [--min-faces N] [--resize F]
"""
import argparse
import json
import time
from os import listdir
from os.path import isdir, join

import numpy as np
from PIL import Image

SLICE = (slice(70, 195), slice(78, 172))


def list_people(root, min_faces):
    person_names, file_paths = [], []
    for person_name in sorted(listdir(root)):
        folder_path = join(root, person_name)
        if not isdir(folder_path):
            continue
        paths = [join(folder_path, f) for f in sorted(listdir(folder_path))]
        if len(paths) >= min_faces:
            person_names.extend([person_name.replace("_", " ")] * len(paths))
            file_paths.extend(paths)
    return person_names, file_paths


def load_imgs(file_paths, resize):
    h_slice, w_slice = SLICE
    h, w = int(resize * (h_slice.stop - h_slice.start)), int(resize * (w_slice.stop - w_slice.start))
    faces = np.zeros((len(file_paths), h, w), dtype=np.float32)
    for i, file_path in enumerate(file_paths):
        pil_img = Image.open(file_path)
        pil_img = pil_img.crop((w_slice.start, h_slice.start, w_slice.stop, h_slice.stop))
        pil_img = pil_img.resize((w, h))
        face = np.asarray(pil_img, dtype=np.float32)
        face /= 255.0
        if face.ndim == 3:
            face = face.mean(axis=2)
        faces[i, ...] = face
    return faces


def fetch(root, min_faces, resize):
    person_names, file_paths = list_people(root, min_faces)
    target_names = np.unique(person_names)
    target = np.searchsorted(target_names, person_names)
    faces = load_imgs(file_paths, resize)
    indices = np.arange(len(file_paths))
    np.random.RandomState(42).shuffle(indices)
    return faces[indices], target[indices], target_names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--min-faces", type=int, default=0)
    ap.add_argument("--resize", type=float, default=0.5)
    args = ap.parse_args()
    start = time.perf_counter()
    faces, _, names = fetch(args.root, args.min_faces, args.resize)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "images": int(faces.shape[0]), "persons": int(len(names)), "height": int(faces.shape[1]),
        "width": int(faces.shape[2]), "pixel_sum": float(faces.astype(np.float64).sum()),
        "load_seconds": seconds,
    }))


if __name__ == "__main__":
    main()
