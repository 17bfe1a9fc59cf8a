"""What the HTML report costs on top of `verify`: the document checked warm, with and without `--html`.

Each round runs, alternating so machine noise falls on both alike: `python -c "import sympy"` (the
baseline), warm `verify`, warm `verify --html FILE`. The cache is filled once before. It also times the
report's rendering alone, in process (MathML, plots), on results checked once.

Usage: python bench/report.py [--runs N]
Run it from an environment where the package is installed (`pip install .`); it is a script, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cold_start import _verify_command  # noqa: E402


def _in_process(runs: int) -> tuple[float, float]:
    """Seconds to render the document's report from checked results: the first time, and again (warm)."""
    from checker.questions.chains import check_derivations
    from checker.questions.question import check_questions
    from checker.reports import html
    from checker.reports.common import outcome
    from derivations import bank, chains

    results = check_questions(bank())
    derived = check_derivations(chains())
    summary = outcome(results, chains=derived)
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        html.render(results, summary, chains=derived)
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    command = _verify_command()
    plain, with_html, baselines = [], [], []
    with tempfile.TemporaryDirectory() as cache_home:
        # the per-claim result cache is warm; the run cache is off, so each run renders its report for real
        env = dict(os.environ, XDG_CACHE_HOME=cache_home, VERIFY_REPLAY="0")
        target = Path(cache_home) / "report.html"
        subprocess.run(command, capture_output=True, check=False, env=env)  # fill the caches
        for _ in range(args.runs):
            for times, extra in ((baselines, None), (plain, []), (with_html, ["--html", str(target)])):
                start = time.perf_counter()
                if extra is None:
                    subprocess.run([sys.executable, "-c", "import sympy"], check=True)
                else:
                    done = subprocess.run(command + extra, capture_output=True, text=True, check=False, env=env)
                    if done.returncode not in (0, 1):
                        sys.exit(f"verify failed ({done.returncode}): {done.stderr}")
                times.append(time.perf_counter() - start)
        size = target.stat().st_size
    first, again = _in_process(args.runs)
    baseline, base, report = (statistics.median(t) for t in (baselines, plain, with_html))
    print(f"python -c 'import sympy': {baseline:.2f} s (baseline)")
    print(f"verify (warm):            {base:.2f} s = {base / baseline:.1f}x baseline")
    print(f"verify --html (warm):     {report:.2f} s = {report / baseline:.1f}x baseline; the report adds "
          f"{report - base:+.2f} s ({(report - base) / baseline:+.2f}x baseline); {size / 1024:.0f} KiB")
    print(f"render in process:        {first:.2f} s the first time, {again:.2f} s again")


if __name__ == "__main__":
    main()
