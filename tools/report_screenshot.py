#!/usr/bin/python3
"""Screenshot of the top of a compare report for the README, in headless Chromium.

  /usr/bin/python3 tools/report_screenshot.py results/compare-DIR/report.html docs/report-screenshot.png

Renders the page 1280 CSS pixels wide, keeps the top --height pixels (setup, results table,
conclusions, the first reconstructions), scales it to --width and stores it as a 256-colour PNG.
Needs Debian's chromium and Pillow.
"""
import argparse
import pathlib
import subprocess
import tempfile

from PIL import Image


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report", type=pathlib.Path)
    ap.add_argument("png", type=pathlib.Path)
    ap.add_argument("--height", type=int, default=2000, help="CSS pixels of the page to keep")
    ap.add_argument("--width", type=int, default=1000, help="width of the stored image")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        shot = pathlib.Path(work) / "shot.png"
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--no-first-run", "--disable-background-networking", "--user-data-dir=" + work + "/profile",
             f"--window-size=1280,{args.height}", "--screenshot=" + str(shot),
             args.report.resolve().as_uri()],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        image = Image.open(shot).convert("RGB")
    height = round(image.height * args.width / image.width)
    small = image.resize((args.width, height), Image.LANCZOS)
    args.png.parent.mkdir(parents=True, exist_ok=True)
    small.quantize(colors=256, method=Image.MEDIANCUT, dither=Image.NONE).save(args.png, optimize=True)
    print(f"{args.png}: {args.width}x{height}, {args.png.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
