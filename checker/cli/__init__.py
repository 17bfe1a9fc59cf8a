"""The ``verify`` command: parse arguments, call the library, print, exit with the run's code — and nothing else.

``verify [TARGETS]`` checks (the default command); ``verify new``, ``verify import`` and
``verify export`` author, import and export question files. One module per group of commands:
:mod:`.app` (the group, how a run ends, typed options), :mod:`.running` (targets, caches, runs),
:mod:`.verify`, :mod:`.authoring` (new, import), :mod:`.banks` (variants, stats, export). They parse, call
``checker``'s library and print; what they compute is reachable from Python.
"""

from __future__ import annotations

# each command module joins the group as it is imported
from . import authoring, banks, platforms, verify  # noqa: F401
from .app import main

__all__ = ["main"]
