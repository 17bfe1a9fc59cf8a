"""The text of a question as students read it: Markdown-like prose with LaTeX math, turned into HTML.

One reader serves the exports and the HTML report, so both show the same stem: paragraphs, tables (lines of
tab-separated cells, as documents converted from PDF or a word processor carry them, or Markdown pipe tables),
bullet and numbered lists, ``**bold**``, ``*italic*``, ``[links](…)`` and inline/display math (``$…$``,
``$$…$$``, ``\\(…\\)``, ``\\[…\\]``). How math is written out is the caller's: ``\\(…\\)`` for a learning
platform's MathJax filter, MathML for an offline page.

Debris of document conversion is removed before anything else (:func:`clean`): check-box glyphs and a stray
list marker in front of a stem that is not a list.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

MathWriter = Callable[[str, bool], str]
"""``(latex, display) -> html``: how one formula is written out."""

_MATH = re.compile(r"\$\$(?P<d1>.+?)\$\$|\\\[(?P<d2>.+?)\\\]|\\\((?P<i2>.+?)\\\)|(?<![\\$])\$(?P<i1>[^$]+?)\$", re.S)
_DEBRIS = re.compile("[\u25a1\u25a0\u2610\u2611\u2612\u25aa\u25ab\uf0a7\uf0b7\uf0fc\u2751\u2752\u274f\u2750]\\s*")
_BULLET = re.compile(r"^\s*[-*•]\s+")
_NUMBERED = re.compile(r"^\s*(\d+)[.)]\s+")


@dataclass(frozen=True, slots=True)
class Math:
    latex: str
    display: bool


def split_math(text: str) -> list[str | Math]:
    """Prose and formulas in order; a formula's delimiters are gone, its LaTeX is kept as written."""
    pieces: list[str | Math] = []
    last = 0
    for found in _MATH.finditer(text):
        if found.start() > last:
            pieces.append(text[last:found.start()])
        display = found.group("d1") is not None or found.group("d2") is not None
        latex = next(g for g in (found.group("d1"), found.group("d2"), found.group("i2"), found.group("i1"))
                     if g is not None)
        pieces.append(Math(" ".join(latex.split()), display))
        last = found.end()
    if last < len(text):
        pieces.append(text[last:])
    return pieces


def clean(text: str) -> str:
    """The stem without conversion debris: check-box glyphs, and a list marker in front of a stem whose
    lines are not a list (a lone '- ' that a PDF converter left before the first paragraph)."""
    text = _DEBRIS.sub("", text.replace("\r\n", "\n").lstrip("\ufeff"))
    # a converter's spaces between a formula and the punctuation after it ("$s_t$ ;")
    text = re.sub(r"(?<=\$)[ \t]+(?=[,.;:!?)](\s|$))", "", text)
    lines = text.strip("\n").split("\n")
    bullets = [n for n, line in enumerate(lines) if _BULLET.match(line)]
    if bullets == [0]:
        lines[0] = _BULLET.sub("", lines[0], count=1)
    return "\n".join(line.rstrip() for line in lines).strip()


def _inline_prose(text: str) -> str:
    """Escape prose, then the few inline marks a stem uses: bold, italic, links (an empty target is dropped)."""
    out = html.escape(text, quote=False)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", out)

    def link(found: re.Match[str]) -> str:
        label, target = found.group(1), found.group(2).strip()
        if not re.match(r"(https?://|mailto:)", target):
            return label
        return f'<a href="{html.escape(target)}">{label}</a>'

    return re.sub(r"\[([^\]]+)\]\(([^)\s]*)\)", link, out)


def inline(text: str, math: MathWriter) -> str:
    """One line or paragraph of prose and math as HTML."""
    out = []
    for piece in split_math(text):
        out.append(math(piece.latex, piece.display) if isinstance(piece, Math) else _inline_prose(piece))
    return re.sub(r"[ \t]{2,}", " ", "".join(out)).strip()


def _cells(line: str) -> list[str]:
    if "\t" in line:
        return [cell.strip() for cell in line.split("\t")]
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _is_pipe_row(line: str) -> bool:
    # a pipe table row starts and ends with '|' outside math (|x| inside $…$ is not a table)
    bare = _MATH.sub("", line).strip()
    return bare.startswith("|") and bare.endswith("|") and bare.count("|") >= 2


def _is_rule(line: str) -> bool:
    return bool(re.fullmatch(r"\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*", line))


def _table(rows: list[list[str]], math: MathWriter) -> str:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    head, body = rows[0], rows[1:]
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{inline(c, math)}</th>" for c in head) + "</tr></thead>",
           "<tbody>"]
    for row in body:
        out.append("<tr>" + "".join(f"<td>{inline(c, math)}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _table_rows(lines: list[str]) -> list[list[str]]:
    return [_cells(line) for line in lines if not _is_rule(line)]


def blocks(text: str, math: MathWriter) -> str:
    """A text of paragraphs (blank-line separated), tables and lists as HTML."""
    out: list[str] = []
    lines = text.replace("\r\n", "\n").split("\n")
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            joined = " ".join(line.strip() for line in paragraph)
            pieces = split_math(joined)
            if len(pieces) == 1 and isinstance(pieces[0], Math) and pieces[0].display:
                out.append(f'<div class="display">{math(pieces[0].latex, True)}</div>')
            else:
                out.append(f"<p>{inline(joined, math)}</p>")
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            flush()
            i += 1
            continue
        tabbed = "\t" in line.strip("\t ") or line.startswith("\t")
        if tabbed or _is_pipe_row(line):
            kind = (lambda s: "\t" in s) if tabbed else _is_pipe_row
            j = i
            while j < len(lines) and lines[j].strip() and (kind(lines[j]) or _is_rule(lines[j])):
                j += 1
            if j - i >= 2:
                flush()
                out.append(_table(_table_rows(lines[i:j]), math))
                i = j
                continue
        for marker, tag in ((_BULLET, "ul"), (_NUMBERED, "ol")):
            if marker.match(line):
                flush()
                items = []
                while i < len(lines) and marker.match(lines[i]):
                    items.append(marker.sub("", lines[i], count=1))
                    i += 1
                out.append(f"<{tag}>" + "".join(f"<li>{inline(item, math)}</li>" for item in items) + f"</{tag}>")
                break
        else:
            paragraph.append(line)
            i += 1
    flush()
    return "".join(out)


def platform_math(latex: str, display: bool) -> str:
    """Math for a learning platform's MathJax filter: ``\\(…\\)`` or ``\\[…\\]``, the LaTeX as written."""
    latex = html.escape(latex, quote=False)
    return rf"\[{latex}\]" if display else rf"\({latex}\)"
