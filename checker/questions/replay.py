"""Runs whose inputs have not changed are replayed, not redone.

A run of ``verify`` is a function of what it reads — the question files it names (or the built-in document's
files), the checker's own source, the versions of the libraries it computes with — and of its options. The
run cache keys a run's report by a digest of all of these, so a run with nothing changed prints the stored
report (verdicts marked *cached*, as any cached verdict is) without importing SymPy. Change one byte of any
input and the key changes: that run checks as usual, through the per-claim result cache.

Only runs that are reproducible are stored: no claim cut by the time limit, no worker lost, no Ctrl-C, no
file that could not be read. This module imports nothing heavy: it decides before SymPy is loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import util
from pathlib import Path

from checker.engine.digest import source_digest, versions
from checker.questions.reading import MAX_FILE_BYTES, Unreadable, question_files, read_limited

FORMAT = 1
KEEP = 32
"""Stored runs kept (the newest); older ones are removed when a run is stored."""
LARGEST = 16 << 20
"""A run whose report is larger than this (characters) is not stored: replaying it would not pay for the disk."""


def _package_files(name: str, suffixes: tuple[str, ...]) -> list[Path]:
    spec = util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return []
    root = Path(list(spec.submodule_search_locations)[0])
    return sorted(p for p in root.rglob("*") if p.suffix in suffixes and "__pycache__" not in p.parts)


def run_key(arguments: Sequence[str], paths: Sequence[str], built_in: bool, settings: dict[str, object]) -> str:
    """The digest of everything a run's report depends on (see the module's docstring)."""
    digest = hashlib.sha256()
    for part in (str(FORMAT), source_digest(), *versions(), os.getcwd(), json.dumps(list(arguments)),
                 json.dumps(settings, sort_keys=True)):
        digest.update(part.encode() + b"\0")
    inputs = list(question_files(paths))
    if built_in:
        inputs += _package_files("derivations", (".py", ".md", ".json", ".txt"))
    for path in inputs:
        digest.update(os.fsencode(path) + b"\0")  # any bytes a file name holds
        try:
            digest.update(hashlib.sha256(read_limited(path, MAX_FILE_BYTES)).digest())  # a FIFO, a device: never read
        except Unreadable as error:
            digest.update(f"unreadable {error.problem}".encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Record:
    """What a run printed and wrote, and how it ended."""

    stdout: str
    stderr: str
    exit_code: int
    files: dict[str, str] = field(default_factory=dict)


class RunCache:
    """Stored runs under ``directory``, one JSON file per key."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def get(self, key: str) -> Record | None:
        try:
            data = json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
            record = Record(str(data["stdout"]), str(data["stderr"]), int(data["exit_code"]),
                            {str(k): str(v) for k, v in data["files"].items()})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        return record if data.get("key") == key else None

    def put(self, key: str, record: Record) -> None:
        if len(record.stdout) + len(record.stderr) + sum(map(len, record.files.values())) > LARGEST:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"key": key, "stdout": record.stdout, "stderr": record.stderr,
                           "exit_code": record.exit_code, "files": record.files}, stream, ensure_ascii=False)
            os.replace(temporary, self.directory / f"{key}.json")
            stored = sorted(self.directory.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in stored[KEEP:]:
                old.unlink(missing_ok=True)
        except OSError:
            return  # a run cache that cannot be written only costs speed


def default_directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "rlhf-derivation-checker" / "runs"


def touch(path: Path) -> None:
    """Mark a stored run as used, so pruning keeps the runs people repeat."""
    try:
        os.utime(path, (time.time(), time.time()))
    except OSError:
        pass
