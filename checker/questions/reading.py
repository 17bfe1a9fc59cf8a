"""Reading authored files safely, before anything else looks at them: only regular files, never more than a
cap, never blocking — and finding them in folders. Kept free of heavy imports: the run cache digests the files
a run reads without loading SymPy."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

MAX_FILE_BYTES = 1 << 20
"""Largest authored file read (1 MiB); the document's files are 1-3 KiB."""


class Unreadable(Exception):
    """A file that is not read: ``problem`` says why (a FIFO, a device, too large, an OS error)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; :class:`Unreadable` for anything else.

    The file is opened without blocking (a FIFO named ``*.md`` never hangs the run) and checked to be a regular
    file after opening (a link to ``/dev/zero`` or a device is refused, not read forever); at most ``limit`` + 1
    bytes are read, so a huge or sparse file costs nothing before it is refused."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise Unreadable(f"cannot read: {error.strerror}") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            kind = "a folder" if stat.S_ISDIR(status.st_mode) else "a FIFO" if stat.S_ISFIFO(status.st_mode) else \
                "a device" if stat.S_ISCHR(status.st_mode) or stat.S_ISBLK(status.st_mode) else "not a regular file"
            raise Unreadable(f"not a regular file ({kind}); only regular files are read")
        if status.st_size > limit:
            raise Unreadable(f"file too large ({status.st_size:,} bytes; the limit is {limit:,})")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(descriptor, min(1 << 16, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise Unreadable(f"file too large (more than {limit:,} bytes)")
        return b"".join(chunks)
    except OSError as error:
        raise Unreadable(f"cannot read: {error.strerror}") from None
    finally:
        os.close(descriptor)


def question_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The question files named by paths: files as given, folders searched for ``*.md`` (sorted).

    Symbolic links to folders are not followed, so a link loop cannot make the walk endless.
    """
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            found = []
            for root, folders, files in os.walk(path, followlinks=False):
                folders.sort()
                found += [Path(root) / name for name in files if name.endswith(".md")]
            yield from sorted(found)
        else:
            yield path
