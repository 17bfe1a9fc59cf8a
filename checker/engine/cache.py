"""A cache of verdicts keyed by a claim's content, the checker's version and SymPy's, so unchanged
questions are not proved again.

- Proved and refuted verdicts of mathematical claims are stored, and undecided ones whose counterexample
  search ran to its end (deterministic, seeded by the claim) — never one cut by the time limit. A finite
  check is stored keyed by the source files of the package that defines it. Prose costs nothing to redo.
- One small JSON file per claim, written to a temporary file and renamed into place, so concurrent
  runs never see half a file; a file that cannot be read back is a miss and is rewritten.
- A counterexample is stored by the ``srepr`` of its atoms and matched back to the claim's own atoms;
  nothing read from the cache is evaluated as code.
- Keys include a digest of the checker's own source (:func:`engine_digest`): editing the engine invalidates
  every verdict, so a cache can never answer for code that has changed.
- Below the user's cache, a read-only :class:`ShippedResults` file may answer: the verdicts of the built-in
  document, shipped with it (``python -m derivations`` rebuilds it), used only when its engine digest is the
  running engine's.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import sympy as sp

from checker import __version__
from checker.values.claims import Claim, Kind, atoms_of
from checker.values.verdicts import Counterexample, Enclosure, Status, Verdict

from .checking import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Progress, check_many
from .digest import engine_digest
from .points import prepared

FORMAT = 4




_SYMBOLS: dict[sp.Symbol, str] = {}


def fingerprint(expr: sp.Basic) -> str:
    """A deterministic text of an expression tree (class, names, assumptions, exact numbers), quicker than
    ``srepr`` and, unlike ``hash()``, the same in every process."""
    parts: list[str] = []

    def walk(e: sp.Basic) -> None:
        if isinstance(e, sp.Symbol):
            if e not in _SYMBOLS:
                _SYMBOLS[e] = f"S({e.name!r},{sorted(e.assumptions0.items())})"
            parts.append(_SYMBOLS[e])
        elif e.is_Rational:
            parts.append(f"Q({e.p},{e.q})")
        elif isinstance(e, sp.core.function.AppliedUndef):
            options = sorted(getattr(e.func, "_kwargs", {}).items())
            parts.append(f"F({e.func.__name__!r},{options}")
            for arg in e.args:
                walk(arg)
            parts.append(")")
        elif not e.args:
            parts.append(type(e).__name__)
        else:
            parts.append(type(e).__name__ + "(")
            for arg in e.args:
                walk(arg)
            parts.append(")")

    walk(expr)
    return ",".join(parts)


def _code_digest(*functions: object) -> str | None:
    """A digest of the Python source a finite check runs: every module file in the folders that define it."""
    digest = hashlib.sha256()
    folders = set()
    for function in functions:
        module = sys.modules.get(getattr(function, "__module__", "") or "")
        source = getattr(module, "__file__", None)
        if not source:
            return None
        folders.add(Path(source).parent)
    for folder in sorted(folders):
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def claim_key(claim: Claim) -> str | None:
    """A digest of everything a verdict depends on, or None for claims that are not cached.

    A finite check is keyed by its text, reference and scope and by the source files of the package that
    defines its functions, so editing that code invalidates it.
    """
    if claim.kind is Kind.FINITE and claim.finite is not None:
        code = _code_digest(claim.finite.holds, claim.finite.instances)
        if code is None:
            return None
        reference = (claim.reference.name, claim.reference.source) if claim.reference else None
        finite = [FORMAT, __version__, engine_digest(), claim.text, reference, claim.finite.scope, code]
        return hashlib.sha256(json.dumps(finite).encode()).hexdigest()
    if not claim.is_mathematical:
        return None
    content = {
        "format": FORMAT, "checker": __version__, "engine": engine_digest(), "sympy": sp.__version__,
        "kind": claim.kind.value,
        "parts": [[fingerprint(p.lhs), p.relation.value, fingerprint(p.rhs)] for p in claim.parts],
        "domains": [[fingerprint(atom), repr(domain)] for atom, domain in claim.domains],
        "definitions": [[fingerprint(a), fingerprint(e)] for a, e in claim.definitions],
        "witness": None if claim.witness is None else fingerprint(claim.witness),
        "search": claim.search_budget,
        "semantics": claim.semantics.value,
        "cas_trusted": claim.cas_trusted,
        "weakened": None if claim.weakened is None else {
            "proved_on": [[fingerprint(atom), repr(domain)] for atom, domain in claim.weakened.proved_on],
            "methods": list(claim.weakened.methods)},
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _encode(verdict: Verdict) -> dict[str, Any]:
    data = asdict(verdict)
    data["status"] = verdict.status.value
    data["counterexample"] = None
    example = verdict.counterexample
    if example is not None:
        data["counterexample"] = {
            "values": [[sp.srepr(atom), str(value)] for atom, value in example.values],
            "enclosure": asdict(example.enclosure), "relation": example.relation, "note": example.note,
            "instance": example.instance, "undefined": example.undefined,
        }
    return data


def _atoms(claim: Claim, wanted: set[str]) -> dict[str, sp.Basic]:
    """The claim's atoms by srepr; derivatives appear only after calculus, so that is done only if needed."""
    atoms: dict[str, sp.Basic] = {sp.srepr(atom): atom for atom, _ in claim.domains}
    if wanted <= atoms.keys():
        return atoms
    for unfold in (False, True):
        relations = prepared(claim) if unfold else [(p.lhs, "", p.rhs) for p in claim.expanded_parts()]
        for lhs, _, rhs in relations:
            for side in (lhs, rhs):
                for atom in atoms_of(side):
                    atoms[sp.srepr(atom)] = atom
        if wanted <= atoms.keys():
            break
    return atoms


def _decode(data: dict[str, Any], claim: Claim) -> Verdict:
    example = data.get("counterexample")
    counterexample = None
    if example is not None:
        atoms = _atoms(claim, {name for name, _ in example["values"]}) if example["values"] else {}
        values = tuple((atoms[name], sp.Rational(value)) for name, value in example["values"])
        enclosure = Enclosure(int(example["enclosure"]["part"]), str(example["enclosure"]["lhs"]),
                              str(example["enclosure"]["rhs"]))
        counterexample = Counterexample(values, enclosure, str(example["relation"]), str(example["note"]),
                                        str(example["instance"]), bool(example["undefined"]))
    return Verdict(Status(data["status"]), str(data["method"]), str(data["summary"]), exact=bool(data["exact"]),
                   steps=tuple(map(str, data["steps"])), counterexample=counterexample,
                   crosscheck=tuple(map(str, data["crosscheck"])), reason=str(data["reason"]),
                   holds=data["holds"], seconds=float(data["seconds"]), cached=True,
                   semantics=str(data["semantics"]))


class ShippedResults:
    """Verdicts (and notes) shipped in one read-only JSON file, valid for one engine digest and SymPy version."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.verdicts: dict[str, Any] = {}
        self.notes: dict[str, str] = {}
        self.sympy = ""
        """The SymPy version the file was made with."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        self.sympy = str(data.get("sympy", "")) if isinstance(data, dict) else ""
        if isinstance(data, dict) and data.get("format") == FORMAT and data.get("engine") == engine_digest() \
                and data.get("sympy") == sp.__version__:
            self.verdicts = dict(data.get("verdicts") or {})
            self.notes = {str(k): str(v) for k, v in (data.get("notes") or {}).items()}

    @staticmethod
    def write(path: Path, cache: ResultCache) -> tuple[int, int]:
        """Collect every entry of a (freshly filled) user cache into one shipped file; counts written."""
        verdicts: dict[str, Any] = {}
        notes: dict[str, str] = {}
        for entry in sorted(cache.directory.glob("*/*.json")):
            data = json.loads(entry.read_text(encoding="utf-8"))
            if "verdict" in data:
                verdicts[data["key"]] = data["verdict"]
            elif "note" in data:
                notes[data["key"]] = data["note"]
        document = {"format": FORMAT, "engine": engine_digest(), "sympy": sp.__version__, "verdicts": verdicts,
                    "notes": notes}
        path.write_text(json.dumps(document, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
        return len(verdicts), len(notes)


class ResultCache:
    """Verdicts on disk under ``directory``, one file per claim; ``shipped`` answers what the directory lacks."""

    def __init__(self, directory: Path, shipped: ShippedResults | None = None) -> None:
        self.directory = directory
        self.shipped = shipped
        self.hits = self.misses = 0
        self.warning = ""

    def get_note(self, key: str) -> str | None:
        """A short text stored under a key of the caller's (the audit's definedness probes)."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            if data.get("key") == key and isinstance(data.get("note"), str):
                return str(data["note"])
        except (OSError, ValueError, AttributeError):
            pass
        if self.shipped is not None and key in self.shipped.notes:
            return self.shipped.notes[key]
        return None

    def put_note(self, key: str, note: str) -> None:
        self._write(key, {"key": key, "note": note})

    def _write(self, key: str, content: dict[str, Any]) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(content, stream, ensure_ascii=False)
            os.replace(temporary, path)
        except OSError as error:
            self.warning = f"could not write the result cache in {self.directory}: {error.strerror}"

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, claim: Claim) -> Verdict | None:
        key = claim_key(claim)
        if key is None:
            return None
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            if data.get("key") != key:
                raise ValueError("key mismatch")
            verdict = _decode(data["verdict"], claim)
        except FileNotFoundError:
            if self.shipped is not None and key in self.shipped.verdicts:
                try:
                    verdict = _decode(self.shipped.verdicts[key], claim)
                except (ValueError, KeyError, TypeError, AttributeError, sp.SympifyError):
                    self.misses += 1
                    return None
                self.hits += 1
                return verdict
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError, sp.SympifyError):
            self.misses += 1  # damaged entry: recomputed and rewritten
            return None
        self.hits += 1
        return verdict

    def put(self, claim: Claim, verdict: Verdict) -> None:
        key = claim_key(claim)
        exhausted = verdict.status is Status.UNDECIDED and verdict.method == "search"
        finite = claim.kind is Kind.FINITE and verdict.status is Status.ASSERTED
        if key is None or verdict.cached or not (verdict.status in (Status.PROVED, Status.REFUTED) or exhausted
                                                  or finite):
            return
        self._write(key, {"key": key, "verdict": _encode(verdict)})

    def check_many(self, claims: Sequence[Claim], timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None, *,
                   memory_mb: int = DEFAULT_MEMORY_MB, progress: Progress | None = None) -> list[Verdict]:
        """:func:`checker.engine.check_many`, answering from the cache where it can."""
        results: list[Verdict | None] = [self.get(claim) for claim in claims]
        missing = [i for i, verdict in enumerate(results) if verdict is None]
        done = len(claims) - len(missing)

        def forward(finished: int, _: int) -> None:
            if progress is not None:
                progress(done + finished, len(claims))

        fresh = check_many([claims[i] for i in missing], timeout, jobs, memory_mb=memory_mb, progress=forward)
        for index, verdict in zip(missing, fresh):
            results[index] = verdict
            self.put(claims[index], verdict)
        return [v for v in results if v is not None]


def default_directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "rlhf-derivation-checker" / "results"
