"""Digests of the checker's own source and of the libraries it computes with: parts of every cache key.

A cached verdict is keyed by :func:`engine_digest` — the packages that decide verdicts (``values``,
``numeric``, ``engine`` and the package's ``__init__``), not the readers, reports or command line, which
cannot change the verdict of a claim once it is read. A stored run is keyed by :func:`source_digest`, every
Python file of the package. This module imports nothing heavy: the run cache decides before SymPy is loaded.
"""

from __future__ import annotations

import hashlib
import sys
from importlib import metadata
from pathlib import Path

LIBRARIES = ("sympy", "mpmath", "python-flint", "latex2sympy2_extended", "antlr4-python3-runtime", "latex2mathml",
             "PyYAML", "click")
DECIDING = ("values", "numeric", "engine", "__init__.py")
"""The parts of the package (top-level folders and files) that decide the verdict of a given claim."""

_DIGESTS: dict[bool, str] = {}


def _digest(engine_only: bool) -> str:
    if engine_only not in _DIGESTS:
        digest = hashlib.sha256()
        root = Path(__file__).resolve().parent.parent
        for path in sorted(root.rglob("*.py")):
            relative = path.relative_to(root)
            if engine_only and relative.parts[0] not in DECIDING:
                continue
            digest.update(str(relative).encode() + b"\0" + path.read_bytes())
        _DIGESTS[engine_only] = digest.hexdigest()
    return _DIGESTS[engine_only]


def engine_digest() -> str:
    """A digest of the modules that decide verdicts: part of every cached verdict's key."""
    return _digest(True)


def source_digest() -> str:
    """A digest of every Python file of the ``checker`` package: part of a stored run's key."""
    return _digest(False)


def versions() -> list[str]:
    """Python's version and those of the libraries the checker computes with (``-`` where one is missing)."""
    found = [sys.version]
    for name in LIBRARIES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return found
