"""The quiz's language, and the gettext catalogues (read with Babel) in which students' texts are written.

Every sentence a student can read — option feedback, the general feedback ``--evidence`` writes, the
preview's headings — is an English ``msgid`` marked ``_(…)`` in :mod:`checker.reports.feedback` and
:mod:`checker.reports.platforms`, translated in ``checker/reports/locale/<lang>/LC_MESSAGES/checker.po``
(the template is ``locale/checker.pot``, extracted by Babel: ``pybabel extract -k _ -o
checker/reports/locale/checker.pot checker/reports``). The ``.po`` files are the source of truth: they
are compiled in memory on first use, so there is no compiled ``.mo`` to keep in step. A language without
a catalogue gets English, and the export says so on standard error.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

LOCALES = Path(__file__).parent / "locale"
DOMAIN = "checker"
LANGUAGES = ("en", "es", "fr", "de", "pt", "it")
"""Languages with a catalogue."""

Gettext = Callable[[str], str]

_WORDS = {
    "es": {"el", "la", "los", "las", "de", "del", "que", "y", "en", "una", "un", "es", "se", "por", "con", "para",
           "opción", "opciones", "indica", "anteriores", "son", "correctas", "incorrecta", "siguiente", "según"},
    "en": {"the", "of", "and", "is", "are", "which", "a", "an", "to", "in", "for", "with", "option", "options",
           "following", "correct", "incorrect", "above", "that", "by", "choose"},
    "fr": {"le", "les", "des", "est", "sont", "une", "et", "du", "au", "pour", "avec", "quelle", "réponse",
           "suivantes", "vraie", "fausse", "parmi", "cette"},
    "de": {"der", "die", "das", "und", "ist", "sind", "ein", "eine", "mit", "für", "welche", "aussage", "richtig",
           "falsch", "folgenden", "nicht", "von"},
    "pt": {"o", "os", "as", "do", "da", "dos", "das", "uma", "um", "é", "são", "em", "com", "para", "não", "opção",
           "opções", "qual", "seguintes", "correta", "incorreta"},
    "it": {"il", "lo", "gli", "di", "che", "è", "sono", "una", "per", "con", "quale", "opzione", "opzioni",
           "seguenti", "corretta", "errata", "della", "delle"},
}
"""Common words of each language, for a quiz whose header does not say its language."""


def detect(text: str) -> str:
    """The language whose common words ``text`` (math removed) uses most; English when none is found."""
    text = re.sub(r"\$[^$]*\$|\\\(.*?\\\)", " ", text).lower()
    words = re.findall(r"[a-záàâãçéèêëíîïóôõöúùûüñß]+", text)
    counts = {lang: sum(w in vocabulary for w in words) for lang, vocabulary in _WORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] > 0 else "en"


def base(lang: str) -> str:
    """``pt-BR`` → ``pt``, ``es_ES`` → ``es``: the catalogue a regional tag uses."""
    return re.split(r"[-_]", lang.strip().lower() or "en")[0]


@functools.cache
def translator(lang: str) -> Gettext:
    """The ``gettext`` of a language's catalogue (English, the msgids themselves, where there is none)."""
    path = LOCALES / base(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return _identity
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=base(lang), domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN).gettext


def _identity(message: str) -> str:
    return message


def has_catalogue(lang: str) -> bool:
    return base(lang) in LANGUAGES


def join(items: list[str], _: Gettext) -> str:
    """``a, b and c`` in the language of ``_``."""
    if len(items) <= 1:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def marker(message: str) -> str:
    """Marks a msgid for extraction where it is translated later (Babel's ``N_``)."""
    return message


N_ = marker
__all__: list[Any] = ["LANGUAGES", "N_", "base", "detect", "has_catalogue", "join", "translator"]
