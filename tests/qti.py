"""Read a QTI 2.1 package back with Cito's @citolab/qti-convert under Node.js — a QTI 2.1 reader that turns a
package into QTI 3 through the IMS transforms (bash .ci/run installs it with npm into .ci/node); the tests that
need it skip with the reason where it is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _converter() -> Path | None:
    for folder in (os.environ.get("QTI_CONVERT", ""), str(ROOT / ".ci" / "node" / "node_modules")):
        script = Path(folder) / "@citolab" / "qti-convert" / "dist" / "qti-convert-folder.mjs"
        if folder and script.exists():
            return script
    return None


def convert_qti(package: Path, work: Path) -> Path:
    """The QTI 3 folder the converter writes from the QTI 2.1 package (skips where it is missing)."""
    node, script = shutil.which("node"), _converter()
    if node is None or script is None:
        pytest.skip("Node.js or @citolab/qti-convert is missing (bash .ci/run installs it with npm into .ci/node)")
    folder = work / "qti21"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    done = subprocess.run([node, str(script), str(folder)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "completed successfully" in done.stdout, done.stdout + done.stderr
    return work / "qti21-qti3"
