"""Hostile files and names (issue 22): each gets one clear error line naming the file (escaped), exit status 2,
the other files still checked, and every output stays well-formed; nothing hangs, nothing is read whole."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD = (ROOT / "derivations" / "questions" / "q03-return.md").read_bytes()


def _verify(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    verify = Path(sys.executable).parent / "verify"
    command = [str(verify)] if verify.exists() else [sys.executable, "-m", "checker"]
    env = dict(os.environ, XDG_CACHE_HOME=str(cwd / ".cache"))
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, timeout=timeout, env=env)


def _copy(folder: Path, name: str | bytes, ident: str, text: bytes = GOOD) -> None:
    path = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else name.encode())
    with open(path, "wb") as handle:
        handle.write(text.replace(b"id: q03-return", b"id: " + ident.encode()))


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    folder.mkdir()
    _copy(folder, "good.md", "good")
    _copy(folder, "escape.md", "escape", GOOD.replace(b"\n1.", b"\n1. \x1b[31mred\x07", 1))
    _copy(folder, b"bad\xffname.md", "badname")
    _copy(folder, "new\nline.md", "newline")
    os.mkfifo(folder / "fifo.md")
    os.symlink("/dev/zero", folder / "zero.md")
    with open(folder / "sparse.md", "wb") as handle:
        handle.truncate(2 * 1024**3)  # a sparse file: 2 GiB of nothing, which must never be read
    (folder / "folder.md").mkdir()
    return folder


def test_every_hostile_file_is_one_clear_error_and_the_others_are_checked(hostile: Path) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = _verify(".", "--junit-xml", "junit.xml", "--format", "json", cwd=hostile)
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss - before < 1_000_000  # KiB: nothing read whole
    assert result.returncode == 2
    err = result.stderr.decode("utf-8")
    lines = err.splitlines()
    assert all(line.startswith("verify: error: ") for line in lines), lines
    assert "Traceback" not in err and "internal error" not in err
    assert any(line.startswith("verify: error: escape.md:") and "control character U+001B" in line for line in lines)
    assert any("fifo.md: not a regular file (a FIFO)" in line for line in lines)
    assert any("zero.md: not a regular file (a device)" in line for line in lines)
    assert any("sparse.md: file too large" in line for line in lines)
    assert "\x1b" not in err and "\x07" not in err
    # the good file and the oddly named ones are checked
    document = json.loads(result.stdout)
    assert sorted(q["id"] for q in document["questions"]) == ["badname", "good", "newline"]
    ElementTree.parse(hostile / "junit.xml")


def test_names_with_control_characters_and_bad_bytes_are_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "bank"
    folder.mkdir()
    _copy(folder, b"bad\xffname.md", "x", GOOD.replace(b"rule:", b"rule: nonsense\nx_rule:", 1))
    _copy(folder, "new\nline.md", "y", GOOD.replace(b"rule:", b"rule: nonsense\nx_rule:", 1))
    result = _verify(".", cwd=folder)
    assert result.returncode == 2
    lines = result.stderr.decode("utf-8").splitlines()
    assert any(line.startswith("verify: error: ./bad\\xffname.md") or line.startswith("verify: error: bad\\xffname.md")
               for line in lines), lines
    assert any("new\\nline.md" in line for line in lines), lines
    assert len(lines) == 2


@pytest.mark.parametrize("make", ["empty", "folder-named-md"])
def test_a_folder_with_nothing_to_check_is_an_error(tmp_path: Path, make: str) -> None:
    target = tmp_path / ("empty" if make == "empty" else "x.md")
    target.mkdir()
    result = _verify(str(target), cwd=tmp_path)
    assert result.returncode == 2
    assert b"a folder with no question or derivation files" in result.stderr


def test_a_fifo_named_on_the_command_line_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "q.md")
    result = _verify("q.md", cwd=tmp_path, timeout=60)
    assert result.returncode == 2 and b"not a regular file (a FIFO)" in result.stderr
