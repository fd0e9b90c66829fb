"""Writes scikit-learn's LFW pixels of the given images, computed with Pillow.

Usage: python3 tools/golden/pillow_pixels.py RESIZE OUT IMAGE...

For each IMAGE, in order: ``fetch_lfw_people``'s steps (crop to its default slice_, resize by
RESIZE with Pillow's default filter, divide by 255 in float32, average RGB channels in float32),
appended to OUT as float32 little-endian, h x w per image. Needs Pillow only (no numpy): the
float32 arithmetic is done in double and rounded to float32 after every operation, which gives
the float32 result exactly for +, / on these values.

The Java test PillowRealFacesTest runs this on real LFW images at test time and writes OUT to a
temporary folder; the pixels never go into the repository.
"""
import struct
import sys
from array import array

from PIL import Image

FACE_BOX = (78, 70, 172, 195)  # scikit-learn's default slice_ as (left, upper, right, lower)


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def pixels(path, resize):
    left, upper, right, lower = FACE_BOX
    w, h = int(resize * (right - left)), int(resize * (lower - upper))
    img = Image.open(path).crop(FACE_BOX).resize((w, h))
    bands = [img.getchannel(b).tobytes() for b in img.getbands()]
    if len(bands) == 1:
        return [f32(v / 255.0) for v in bands[0]]
    if len(bands) != 3:
        raise SystemExit(f"{path}: mode {img.mode} is neither gray nor RGB")
    out = []
    for r, g, b in zip(*bands):
        total = f32(f32(f32(r / 255.0) + f32(g / 255.0)) + f32(b / 255.0))
        out.append(f32(total / 3.0))
    return out


def main():
    resize, out_path, paths = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
    values = array("f")
    for path in paths:
        values.extend(pixels(path, resize))
    if sys.byteorder != "little":
        values.byteswap()
    with open(out_path, "wb") as out:
        values.tofile(out)


if __name__ == "__main__":
    main()
