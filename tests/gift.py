"""Read a GIFT file back with gift-pegjs under Node.js, the parser the export tests trust (bash .ci/run
installs it with npm into .ci/node); the tests that need it skip with the reason where it is missing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _parser() -> Path | None:
    for folder in (os.environ.get("GIFT_PEGJS", ""), str(ROOT / ".ci" / "node" / "node_modules" / "gift-pegjs")):
        if folder and (Path(folder) / "package.json").exists():
            return Path(folder)
    return None


def parse_gift(path: Path) -> list[dict[str, Any]]:
    """The questions gift-pegjs reads from ``path`` (skips the test where Node.js or gift-pegjs is missing)."""
    node, parser = shutil.which("node"), _parser()
    if node is None or parser is None:
        pytest.skip("Node.js or gift-pegjs is missing (bash .ci/run installs gift-pegjs with npm into .ci/node)")
    script = ("const p = require(process.argv[1]); const fs = require('fs');"
              "process.stdout.write(JSON.stringify(p.parse(fs.readFileSync(process.argv[2], 'utf8'))));")
    done = subprocess.run([node, "-e", script, str(parser), str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))
