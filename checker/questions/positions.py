"""Which questions depend on the order of their options: where a platform's shuffling changes what they mean.

An option that speaks about the others ("Las tres opciones anteriores son correctas", "None of the above",
"Both 1 and 2") — or a stem that names options by place ("la última opción", "the first three") — is read
against the options' order. Shuffled, "the three options above" names different options or none. Such a
question must keep its order (Moodle XML ``shuffleanswers`` 0); a format that cannot say so must leave it out.
"""

from __future__ import annotations

import re

_N = r"(?:dos|tres|cuatro|two|three|four|deux|trois|quatre|zwei|drei|vier|duas|três|quatro|due|tre|quattro)"
_OPTIONS = (r"(?:opci[oó]n(?:es)?|respuestas?|afirmaciones|alternativas?|options?|answers?|choices?|statements|"
            r"propositions?|r[ée]ponses?|affirmations|optionen|antworten|aussagen|op[cç](?:[aã]o|[oõ]es)|"
            r"respostas?|afirma[cç][oõ]es|opzion[ei]|rispost[ae]|affermazioni)")
_OPTION_WORDS = re.compile(
    r"\b(?:"
    rf"(?:las|los|todas\s+las|ninguna\s+de\s+las|ambas)\s+(?:{_N}\s+)?(?:{_OPTIONS}\s+)?anteriores|"   # es
    rf"of\s+the\s+(?:{_N}\s+)?(?:above|previous|preceding|foregoing|other\s+{_OPTIONS})|the\s+above|"   # en
    rf"the\s+(?:{_N}\s+)?(?:previous|preceding|other)\s+{_OPTIONS}|"
    rf"{_OPTIONS}\s+(?:above|anteriores|pr[ée]c[ée]dentes|ci-dessus|precedenti|acima)|"
    rf"(?:above|previous|preceding)\s+{_OPTIONS}|"
    r"ci-dessus|aucune\s+des\s+(?:r[ée]ponses|propositions)|toutes\s+les\s+(?:r[ée]ponses|propositions)|"  # fr
    r"(?:alle|keine)\s+(?:der\s+)?(?:obigen|vorherigen|vorangehenden|genannten)|obigen|"                  # de
    r"(?:todas|nenhuma)\s+(?:as|das)\s+(?:anteriores|alternativas|op[cç][oõ]es)|"                                 # pt
    r"(?:tutte|nessuna)\s+(?:le|delle)\s+(?:precedenti|risposte|opzioni)|"                                 # it
    rf"{_OPTIONS}\s+(?:[1-9]|[a-e]\))|"                                         # 'la opción 2', 'answer b)'
    r"(?:[1-9]|[a-e]\))\s+(?:y|and|et|und|e|o|or|ou|oder)\s+(?:[1-9]|[a-e]\))"    # '1 y 2', 'a) or b)'
    r")",
    re.IGNORECASE)
"""Words with which an option refers to other options (by place or as a group), in the quiz languages."""

_STEM_WORDS = re.compile(
    r"\b(?:la\s+[úu]ltima\s+opci[oó]n|las\s+(?:dos|tres|cuatro)\s+primeras|the\s+last\s+(?:option|one|choice)|"
    r"the\s+first\s+(?:two|three|four)|la\s+derni[èe]re\s+option|die\s+letzte\s+(?:option|antwort)|"
    r"a\s+[úu]ltima\s+op[cç][aã]o|l['’]ultima\s+opzione)\b",
    re.IGNORECASE)
"""Phrases with which a stem names options by place."""


def refers_to_others(text: str) -> bool:
    """Whether an option's text speaks about the other options."""
    return bool(_OPTION_WORDS.search(text))


def names_places(stem: str) -> bool:
    """Whether a stem names options by their place."""
    return bool(_STEM_WORDS.search(stem))


def positional_options(question: object) -> list[int]:
    """The numbers of the options that speak about the others (meta options and prose that says so)."""
    return [o.number for o in question.options  # type: ignore[attr-defined]
            if (o.meta is not None and o.meta.value != "the-statement-is-false") or refers_to_others(o.text)]


def keeps_order(question: object) -> bool:
    """Whether the question's options must be shown in their written order."""
    return bool(positional_options(question)) or names_places(question.stem)  # type: ignore[attr-defined]
