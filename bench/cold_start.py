"""Measure `verify` on the whole document, in one run, against `python -c "import sympy"`; print the ratios.

- cold: a fresh, empty user cache folder (the verdicts shipped with the document are read: what a first run
  after `pip install` does);
- warm: the same command again on the caches the cold run filled (an unchanged run is replayed);
- from scratch: `--no-cache`, nothing read from any cache — every claim proved or refuted in this run;
- audit: `verify --audit`, cold and from scratch.

Rounds alternate the commands so machine noise falls on all alike. The machine is printed with the figures.

Usage: python bench/cold_start.py [--runs N] [--jobs J] [--skip-audit]
Run it from an environment where the package is installed (`pip install .`); it is a script, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _verify_command() -> list[str]:
    """The installed console script (next to this interpreter, else on PATH), as a user would run it."""
    beside = Path(sys.executable).parent / "verify"
    found = str(beside) if beside.exists() else shutil.which("verify")
    return [found] if found else [sys.executable, "-m", "checker"]


def _machine() -> str:
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        model = platform.processor()
    return f"{os.cpu_count()} cores, {model or 'unknown CPU'}, {platform.system()}, Python {platform.python_version()}"


def _timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({completed.returncode}): {completed.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None, help="passed to verify -j (default: verify's own)")
    parser.add_argument("--skip-audit", action="store_true")
    args = parser.parse_args()
    command = _verify_command() + (["-j", str(args.jobs)] if args.jobs else [])

    times: dict[str, list[float]] = {name: [] for name in ("baseline", "cold", "warm", "scratch", "audit cold",
                                                          "audit scratch")}
    for _ in range(args.runs):
        times["baseline"].append(_timed([sys.executable, "-c", "import sympy"], dict(os.environ)))
        with tempfile.TemporaryDirectory() as cache_home:
            env = dict(os.environ, XDG_CACHE_HOME=cache_home)
            times["cold"].append(_timed(command, env))
            times["warm"].append(_timed(command, env))
            times["scratch"].append(_timed(command + ["--no-cache"], env))
        if not args.skip_audit:
            with tempfile.TemporaryDirectory() as cache_home:
                env = dict(os.environ, XDG_CACHE_HOME=cache_home)
                times["audit cold"].append(_timed(command + ["--audit"], env))
                times["audit scratch"].append(_timed(command + ["--audit", "--no-cache"], env))
    with tempfile.TemporaryDirectory() as cache_home:
        completed = subprocess.run(command + ["--format", "json", "--no-cache"], capture_output=True, text=True,
                                   check=False, env=dict(os.environ, XDG_CACHE_HOME=cache_home))
        document = json.loads(completed.stdout)

    seconds = sorted(entry["seconds"] for q in document["questions"] for entry in q["options"] + q["support"]
                     if entry.get("kind") not in ("prose", "fact", "all-previous-correct", "none-previous-correct"))
    p95 = seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))]
    baseline = statistics.median(times["baseline"])
    print(f"machine: {_machine()}")
    print(f"command: {' '.join(command)}; {args.runs} alternating rounds, medians")
    print(f"baseline `python -c 'import sympy'`: {baseline:.2f} s")
    labels = {"cold": "cold (empty user caches; shipped verdicts read)", "warm": "warm (unchanged run: replayed)",
              "scratch": "from scratch (--no-cache)", "audit cold": "--audit, cold",
              "audit scratch": "--audit --no-cache"}
    for name, label in labels.items():
        if times[name]:
            median = statistics.median(times[name])
            print(f"{label:<50} {median:6.2f} s = {median / baseline:5.1f}x baseline "
                  f"(min {min(times[name]):.2f}, max {max(times[name]):.2f})")
    if times["audit cold"]:
        print(f"audit / verify: cold {statistics.median(times['audit cold']) / statistics.median(times['cold']):.1f}x"
              f", from scratch {statistics.median(times['audit scratch']) / statistics.median(times['scratch']):.1f}x")
    print(f"from scratch, {len(seconds)} checked claims: seconds per claim median {statistics.median(seconds):.3f}, "
          f"p95 {p95:.3f}, max {seconds[-1]:.3f}")
    print(f"summary: {document['summary']['statuses']} {document['summary']['verdicts']}")


if __name__ == "__main__":
    main()
