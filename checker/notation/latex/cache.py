"""A cache of parser results, because ANTLR's Python runtime takes 0.05-0.4 s per formula.

Keys are the strings the adapter hands to the parser — formulas already reduced to placeholders,
numbers and operators — together with the parser's and the adapter's versions. Values are the
parser's trees in a small JSON form that is rebuilt node by node from a fixed list of SymPy classes,
never by ``eval``/``sympify``: a damaged or tampered entry is a miss, not code. Writes are atomic.
"""

from __future__ import annotations

import json
import os
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import sympy as sp

FORMAT = 5
"""Bump when the adapter changes what it hands to the parser or how it calls it (4: the one TeX spelling)."""

_NODES: dict[str, Any] = {
    "Add": sp.Add, "Mul": sp.Mul, "Pow": sp.Pow, "exp": sp.exp, "log": sp.log, "Abs": sp.Abs, "Max": sp.Max,
    "Min": sp.Min, "Equality": sp.Eq, "Unequality": sp.Ne, "StrictLessThan": sp.StrictLessThan,
    "LessThan": sp.LessThan, "StrictGreaterThan": sp.StrictGreaterThan, "GreaterThan": sp.GreaterThan,
    "And": sp.And, **{f.__name__: f for f in (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.asin, sp.acos,
                                              sp.atan, sp.acot, sp.sinh, sp.cosh, sp.tanh, sp.floor, sp.ceiling,
                                              sp.factorial, sp.binomial)},
}


class Unencodable(Exception):
    """A tree with a node the cache does not store (it is then parsed every time)."""


def encode(expr: sp.Basic) -> Any:
    if isinstance(expr, sp.Symbol):
        return ["S", expr.name]
    if expr.is_Rational:
        return ["Q", int(expr.p), int(expr.q)]
    if expr is sp.E:
        return ["E"]
    name = type(expr).__name__
    if name not in _NODES:
        raise Unencodable(name)
    return [name, *(encode(arg) for arg in expr.args)]


def decode(data: Any) -> sp.Basic:
    """Rebuild a tree exactly as the parser built it (no re-evaluation), or raise ValueError."""
    if not isinstance(data, list) or not data or not isinstance(data[0], str):
        raise ValueError("malformed cache node")
    kind = data[0]
    if kind == "S" and len(data) == 2 and isinstance(data[1], str):
        return sp.Symbol(data[1])
    if kind == "Q" and len(data) == 3 and all(isinstance(v, int) for v in data[1:]) and data[2] > 0:
        return sp.Rational(data[1], data[2])
    if kind == "E" and len(data) == 1:
        return sp.E
    node = _NODES.get(kind)
    if node is None:
        raise ValueError(f"unknown cache node '{kind}'")
    args = [decode(arg) for arg in data[1:]]
    if node in (sp.And, sp.Eq, sp.Ne, sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan, sp.GreaterThan):
        return node(*args, evaluate=False) if node is not sp.And else sp.And(*args)
    return node(*args, evaluate=False)


def _parser_version() -> str:
    try:
        return version("latex2sympy2_extended")
    except PackageNotFoundError:
        return "unknown"


class ParseCache:
    """Parser results on disk: one JSON file per parser version; read once, written back when it grew."""

    def __init__(self, path: Path | None, *, writable: bool = True) -> None:
        self.path = path
        self.writable = writable
        self.entries: dict[str, Any] = {}
        self.dirty = False
        self.warning = ""
        self.tag = f"{FORMAT}:{_parser_version()}"
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                data = None  # a damaged cache is ignored and rewritten
            if isinstance(data, dict) and data.get("tag") == self.tag and isinstance(data.get("entries"), dict):
                self.entries = data["entries"]

    def get(self, source: str) -> sp.Basic | None:
        data = self.entries.get(source)
        if data is None:
            return None
        try:
            return decode(data)
        except (ValueError, TypeError):
            del self.entries[source]
            return None

    def put(self, source: str, expr: sp.Basic) -> None:
        try:
            self.entries[source] = encode(expr)
        except Unencodable:
            return
        self.dirty = True

    def save(self) -> None:
        """Write the cache back if it grew; a failure to write is recorded in ``warning``, never raised."""
        if self.path is None or not self.dirty or not self.writable:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".latex-cache-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"tag": self.tag, "entries": self.entries}, stream, ensure_ascii=False, sort_keys=True)
            os.replace(temporary, self.path)
            self.dirty = False
        except OSError as error:
            # a read-only or full cache directory only costs speed; the results are unaffected
            self.warning = f"could not write the LaTeX parse cache {self.path}: {error.strerror}"


def default_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "rlhf-derivation-checker" / f"latex-{FORMAT}-{_parser_version()}.json"
