"""LaTeX to MathML for pages that must render offline: the HTML report and the student preview.

The conversion is latex2mathml's (a maintained, pure-Python converter); browsers render MathML Core
natively, so a page needs no script and no network. A formula the converter cannot read, or that would
show a raw command, is shown as its LaTeX source in a ``<code class="tex">`` and counted in
:func:`unrendered`, so a test (and a reader) sees it rather than a silently wrong formula.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from functools import lru_cache

from latex2mathml.converter import convert

_FAILED: set[str] = set()

# spellings the converter does not know, written as ones it does (the meaning is the same)
_SPELLINGS = (
    (re.compile(r"\\operatorname\*\s*\{"), r"\\operatorname{"),
    (re.compile(r"\\[dtc]frac(?![a-zA-Z])"), r"\\frac"),
    (re.compile(r"\\(?:displaystyle|textstyle|scriptstyle|nolimits|limits)(?![a-zA-Z])"), ""),
    (re.compile(r"\\(?:bigl|bigr|Bigl|Bigr|biggl|biggr|Biggl|Biggr|big|Big|bigg|Bigg)(?![a-zA-Z])"), ""),
    (re.compile(r"\\mid(?![a-zA-Z])"), "|"),
    (re.compile(r"\\lvert(?![a-zA-Z])|\\rvert(?![a-zA-Z])"), "|"),
    (re.compile(r"\\lVert(?![a-zA-Z])|\\rVert(?![a-zA-Z])"), r"\\|"),
    (re.compile(r"\\dots[bcimo](?![a-zA-Z])"), r"\\dots"),
)
_RAW_COMMAND = re.compile(r">[^<]*\\[A-Za-z]+[^<]*<")
_FUNCTION_NAME = re.compile(r"(<mi>(?:log|ln|exp|lg|sin|cos|tan|cot|sec|csc|sinh|cosh|tanh|arcsin|arccos|arctan|"
                            r"max|min|sup|inf|det|arg|gcd|deg|dim|ker|Pr|sgn|Var|Cov)</mi>)")


@lru_cache(maxsize=4096)
def mathml(latex: str, display: bool = False) -> str:
    """The formula as a ``<math>`` element (``display="block"`` for display math)."""
    source = latex.strip()
    for pattern, spelled in _SPELLINGS:
        source = pattern.sub(spelled, source)
    try:
        out = convert(source, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - any failure of the converter is shown as the source, never raised
        out = ""
    # the converter writes '&' from an alignment tab as a bare character: escape it for HTML
    out = re.sub(r"&(?![#A-Za-z0-9]+;)", "&amp;", out)
    # a function name (\log, \exp, \sin …) gets TeX's thin spaces, so β log x does not read "βlogx"
    out = _FUNCTION_NAME.sub(r'<mspace width="0.1667em"></mspace>\1<mspace width="0.1667em"></mspace>', out)
    if not out or _RAW_COMMAND.search(out) or "<merror" in out or not _safe(out):
        _FAILED.add(latex)
        return f'<code class="tex">{html.escape(latex, quote=False)}</code>'
    return out


MATHML = frozenset({"math", "mrow", "mi", "mo", "mn", "mtext", "ms", "mspace", "msub", "msup", "msubsup", "mfrac",
                    "msqrt", "mroot", "munder", "mover", "munderover", "mtable", "mtr", "mtd", "menclose", "mstyle",
                    "mpadded", "mphantom", "merror", "semantics", "annotation", "mmultiscripts", "mprescripts",
                    "none"})
"""The elements a formula may produce; anything else (``\\text{<script>…}`` passes text through unescaped) means
the formula is shown as its source instead."""


def _safe(markup: str) -> bool:
    """Well-formed MathML of known elements, with no event handler or link attributes."""
    try:
        root = ET.fromstring(markup)
    except ET.ParseError:
        return False
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] not in MATHML:
            return False
        if any(name.rsplit("}", 1)[-1].lower().startswith("on") or "href" in name.lower() or "src" in name.lower()
               for name in element.attrib):
            return False
    return True


def writer(latex: str, display: bool) -> str:
    """A :data:`checker.reports.markup.MathWriter` that writes MathML (display math in a block that scrolls
    sideways on a narrow screen rather than widening the page)."""
    if display:
        return f'<span class="display-math">{mathml(latex, True)}</span>'
    return mathml(latex, False)


def unrendered() -> tuple[str, ...]:
    """The formulas this process could not render (shown as LaTeX source)."""
    return tuple(sorted(_FAILED))
