"""Measure how long reading a question file takes: with the LaTeX parse cache filled, and with no cache.

Each measurement runs in a fresh interpreter, as `verify` does: the package is imported first (not timed),
then one `load_file` is timed — header, definitions, options and target, every formula through the
LaTeX adapter. "No cache" includes building the parser on first use; "cached" reads a cache file a
previous run filled. Figures are medians, also given as ratios to `python -c "import sympy"` measured in
the same run, since machines differ.

Usage: python bench/parse.py [--runs N] [FILE ...]   (default: four of the document's 4-option question files)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = ("q08-bradley-terry.md", "q13-dpo-logit.md", "q14-dpo-gradient.md", "q03-return.md")

CHILD = """
import json, sys, time
from pathlib import Path
from checker.files import load_file
from checker.latex import use_caches
from checker.latex.cache import ParseCache
path, cache = Path(sys.argv[1]), sys.argv[2]
store = ParseCache(Path(cache)) if cache else None
use_caches(*([store] if store else []))
start = time.perf_counter()
loaded = load_file(path)
elapsed = time.perf_counter() - start
if store:
    store.save()
print(json.dumps({"seconds": elapsed, "options": len(getattr(loaded, "options", ()))}))
"""


def _timed(path: Path, cache: str) -> tuple[float, int]:
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), cache], capture_output=True, text=True,
                          check=False)
    if done.returncode:
        sys.exit(f"reading {path} failed: {done.stderr}")
    result = json.loads(done.stdout)
    return result["seconds"], result["options"]


def _baseline() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sympy"], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    files = args.files or [ROOT / "derivations" / "questions" / name for name in DEFAULT_FILES]
    baseline = statistics.median(_baseline() for _ in range(args.runs))
    print(f"baseline `python -c 'import sympy'`: {baseline * 1000:.0f} ms (median of {args.runs})")
    print(f"{'file':28} {'options':>7} {'no cache':>10} {'cached':>10}   (ratio to the baseline)")
    for path in files:
        cold, warm = [], []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as folder:
                cache = str(Path(folder) / "parse.json")
                seconds, options = _timed(path, "")
                cold.append(seconds)
                _timed(path, cache)  # fills the cache
                warm.append(_timed(path, cache)[0])
        c, w = statistics.median(cold), statistics.median(warm)
        print(f"{path.name[:28]:28} {options:>7} {c * 1000:>8.0f} ms {w * 1000:>7.1f} ms   "
              f"({c / baseline:.2f}x, {w / baseline:.3f}x)")


if __name__ == "__main__":
    main()
