#!/usr/bin/env bash
# Makes docs/report-screenshot.png, the report picture in README: `facerecon compare` with its
# default grid on synthetic faces (tools/synthetic_faces.py), screenshotted in headless Chromium
# (tools/report_screenshot.py). Synthetic, because no real face may be stored in the repository.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
/usr/bin/python3 "$repo/tools/synthetic_faces.py" faces
"$repo/facerecon" compare --data faces --min-faces 0 --out report --no-progress
/usr/bin/python3 "$repo/tools/report_screenshot.py" report/report.html "$repo/docs/report-screenshot.png" --height 2700 "$@"
