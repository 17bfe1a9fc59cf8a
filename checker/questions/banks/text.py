"""A platform's HTML text as question-file text: paragraphs, lists and tables as the file format writes them,
math between ``$…$`` (inline) and ``$$…$$`` (display).

Moodle stores a question's text as HTML with the math for its filters: ``\\(…\\)`` and ``\\[…\\]`` for MathJax,
``$$…$$`` for the TeX filter (which sets it inline). Entities are decoded inside and outside the math
(``\\(x &lt; 1\\)`` is ``x < 1``); tags are read by the standard library's HTML parser, never evaluated;
images and media are replaced by a visible mark, so a question that depends on a picture says so.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "pre"}
MEDIA = {"img", "video", "audio", "object", "embed", "iframe", "svg"}
MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(.+?)\$\$", re.S)


class _Reader(HTMLParser):
    """Collects text with line breaks where blocks end, list items as ``- `` and table rows as pipe rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.cells: list[str] | None = None
        self.rows: list[list[str]] = []
        self.media: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in MEDIA:
            found = dict(attrs)
            self.media.append(tag)
            self.out.append(f" [{tag}: {found.get('alt') or found.get('src') or 'no description'}] ")
        elif tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag == "tr":
            self.cells = []
        elif tag in ("td", "th") and self.cells is not None:
            self.cells.append("")
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag in BLOCKS:
            self.out.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "tr" and self.cells is not None:
            self.rows.append([" ".join(c.split()) for c in self.cells])
            self.cells = None
        elif tag == "table":
            if self.rows:
                width = max(len(r) for r in self.rows)
                rows = [r + [""] * (width - len(r)) for r in self.rows]
                lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
                lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
                self.out.append("\n\n" + "\n".join(lines) + "\n\n")
            self.rows = []
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag in BLOCKS:
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cells is not None and self.cells:
            self.cells[-1] += data
        elif self.cells is None:
            self.out.append(data)


def _math(text: str) -> str:
    """Platform delimiters as the file's: ``\\(x\\)`` → ``$x$``, ``\\[x\\]`` → ``$$x$$``, ``$$x$$`` kept."""
    def one(found: re.Match[str]) -> str:
        inline, display, tex = found.group(1), found.group(2), found.group(3)
        latex = " ".join((inline or display or tex).split())
        return f"${latex}$" if inline is not None else f"$${latex}$$"

    return MATH.sub(one, text)


def from_html(fragment: str, *, inline: bool = False) -> tuple[str, list[str]]:
    """The text and the media it refers to; ``inline`` for an option (one line, display math made inline)."""
    reader = _Reader()
    reader.feed(fragment)
    reader.close()
    text = "".join(reader.out).replace("\xa0", " ")
    text = html.unescape(text)
    text = _math(text)
    if inline:
        text = " ".join(text.split())
        text = re.sub(r"\$\$(.+?)\$\$", r"$\1$", text)
        return text.strip(), reader.media
    lines = [" ".join(line.split()) if not line.startswith("|") else line.strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text, reader.media


def from_plain(text: str, *, inline: bool = False) -> str:
    """A plain or Moodle-auto-format text (no tags to read)."""
    text = _math(html.unescape(text).replace("\xa0", " "))
    return " ".join(text.split()) if inline else text.strip()
