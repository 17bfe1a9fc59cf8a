"""Measure `verify` on the whole document: cold wall time (interpreter start included) and seconds per claim.

Usage: python bench/cold_start.py [--runs N] [--jobs J]
Run it from an environment where the package is installed (`pip install .`); it is a script, not a test.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time


def _verify_command() -> list[str]:
    found = shutil.which("verify")
    return [found] if found else [sys.executable, "-m", "checker"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None, help="passed to verify -j (default: verify's own)")
    args = parser.parse_args()
    command = _verify_command() + ["--format", "json"] + (["-j", str(args.jobs)] if args.jobs else [])

    walls = []
    document = None
    for _ in range(args.runs):
        start = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - start)
        if completed.returncode not in (0, 1):
            sys.exit(f"verify failed ({completed.returncode}): {completed.stderr}")
        document = json.loads(completed.stdout)
    assert document is not None

    seconds = sorted(entry["seconds"] for q in document["questions"] for entry in q["options"] + q["support"]
                     if entry.get("kind") not in ("prose", "fact", "all-previous-correct", "none-previous-correct"))
    p95 = seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))]
    print(f"command: {' '.join(command)}")
    print(f"cold wall time over {args.runs} runs: median {statistics.median(walls):.2f} s, "
          f"min {min(walls):.2f} s, max {max(walls):.2f} s")
    print(f"checked claims: {len(seconds)}; seconds per claim: median {statistics.median(seconds):.3f}, "
          f"p95 {p95:.3f}, max {seconds[-1]:.3f}")
    print(f"summary: {document['summary']['statuses']} {document['summary']['verdicts']}")


if __name__ == "__main__":
    main()
