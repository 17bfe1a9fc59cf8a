"""Text that is safe to show: control characters and undecodable bytes made visible, never passed through.

A file name may hold any bytes but NUL and ``/`` (a newline, an escape sequence, invalid UTF-8 decoded by
Python as lone surrogates); a terminal, an XML report or a JSON document must show it without being broken or
driven by it. :func:`printable` escapes such characters as ``\\n``, ``\\x1b``, ``\\xff``.
"""

from __future__ import annotations

import os
import re

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """The text with every control character, lone surrogate and non-character shown as an escape."""
    return _UNSAFE.sub(_escape, text)


def shown_path(path: object) -> str:
    """A file name as a message shows it (:func:`printable` of its text)."""
    return printable(os.fspath(path) if isinstance(path, os.PathLike) else str(path))


_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(document: str) -> str:
    """An XML (or HTML) document with the characters XML 1.0 forbids shown as escapes: they can only come
    from text, never from markup, so the document stays well-formed."""
    return _XML_ILLEGAL.sub(_escape, document)
