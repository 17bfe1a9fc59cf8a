"""Bank questions as question files: the bank's stem, options and key; the notation from a question file of the
same id where there is one, else proposed.

The key is the bank's — the options its grades mark correct — since checking the bank's key is the point.
What a platform cannot hold, the notation (symbols and their domains, definitions, a target, prose
justifications), comes from a question file whose ``id`` is the question's ``idnumber`` (or the first word
of its name: GIFT keeps no idnumber) — the built-in quiz's files and those given with ``--notation``. Its
``prose``, ``facts`` and ``formal`` entries follow their options by text, so an option moved in the bank keeps
its justification. Without such a file the notation is proposed (:func:`checker.notation.proposals.propose`):
written commented out by ``verify import`` for the author to review, and used as it stands by ``verify check``,
which says it did.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker.notation.importer import RULE_PHRASES, proposed_lines, slug
from checker.notation.proposals import Proposal, propose
from checker.questions.files.options import meta_kind

from .bank import BankQuestion, Unreadable

ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
BY_OPTION = ("prose", "facts", "formal")
"""Header entries keyed by option number: re-keyed by the option's text."""
NOT_CARRIED = {"id", "key", "key_text", "rule", "answer", "tolerance", "parameters", "conditions", "kind"}
"""What the bank itself says (or what only a template has)."""
INCORRECT_PHRASES = ("indica la opción incorrecta", "indica la opción falsa", "cuál es incorrecta", "es falsa?",
                     "which is incorrect", "which is false", "indicate the incorrect option", "is not true")


@dataclass(frozen=True)
class Known:
    """A question file's header and option texts: the notation a bank question of the same id takes."""

    path: Path
    header: Mapping[str, Any]
    options: tuple[str, ...]


@dataclass(frozen=True)
class Rendered:
    """A bank question written as a question file."""

    question: BankQuestion
    id: str
    text: str
    proposed: tuple[str, ...] = ()
    """The proposed declarations the file uses as they stand (``verify check``), one line each."""
    source: str = ""
    """Where the notation came from: a question file's path, or ''."""
    notes: tuple[str, ...] = field(default=())


class Notations(Mapping[str, Known]):
    """Notation by id: question files read up front, and entries built only when a bank asks for them."""

    def __init__(self, files: Mapping[str, Known], lazy: Mapping[str, Callable[[], Known]]) -> None:
        self._files, self._lazy, self._built = dict(files), dict(lazy), {}

    def __getitem__(self, qid: str) -> Known:
        if qid in self._files:
            return self._files[qid]
        if qid not in self._built:
            self._built[qid] = self._lazy[qid]()
        return self._built[qid]

    def __iter__(self) -> Iterator[str]:
        return iter({**self._files, **self._lazy})

    def __len__(self) -> int:
        return len({**self._files, **self._lazy})

    def __contains__(self, qid: object) -> bool:
        return qid in self._files or qid in self._lazy


def squeeze(text: str) -> str:
    """An option's text for matching: no spaces, no conversion debris, no final full stop, NFKC."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\s\u25a1\u25a0\u2610]+", "", text)
    return text.rstrip(".").lower()


def _quoted_yaml(header: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(header), allow_unicode=True, sort_keys=False, width=10**6).rstrip("\n")


def _choose_id(question: BankQuestion, known: Mapping[str, Known], taken: set[str]) -> str:
    first = question.name.split(" ", 1)[0] if question.name else ""
    for candidate in (question.idnumber, first):
        if candidate and ID.fullmatch(candidate) and (candidate in known or candidate == question.idnumber):
            base = candidate
            break
    else:
        base = slug(question.name) or f"question-{question.position}"
        base = f"{base}" if ID.fullmatch(base) else f"question-{question.position}"
    chosen, n = base, 2
    while chosen in taken:
        chosen, n = f"{base}-{n}", n + 1
    taken.add(chosen)
    return chosen


def _rule(question: BankQuestion, options: Sequence[str], known: Known | None) -> str:
    if known is not None and isinstance(known.header.get("rule"), str):
        return str(known.header["rule"])
    if question.kind == "truefalse":
        return "true-false"
    if question.kind == "numerical":
        return "numerical"
    if question.kind == "shortanswer":
        return "equals"
    plain = " ".join(question.stem.lower().split())
    for name, phrase in RULE_PHRASES:
        if phrase in plain:
            return name
    if any(p in plain for p in INCORRECT_PHRASES):
        return "incorrect"
    relations = [o for o in options if re.search(r"\$[^$]*(=|<|>|\\le|\\ge|\\neq)[^$]*\$", o)]
    bare = [o for o in options if "$" in o and o not in relations]
    return "equals" if bare and not relations else "correct"


def _rekeyed(entries: Any, known: Known, options: Sequence[str]) -> dict[int, Any]:
    """``prose``/``facts``/``formal`` of the known file, numbered by where each option sits in the bank."""
    if not isinstance(entries, dict):
        return {}
    where = {squeeze(text): number for number, text in enumerate(options, start=1)}
    moved = {}
    for number, entry in entries.items():
        if isinstance(number, int) and 1 <= number <= len(known.options):
            place = where.get(squeeze(known.options[number - 1]))
            if place is not None:
                moved[place] = entry
    return moved


def _stem_formulas(stem: str) -> list[str]:
    return [(m.group(1) or m.group(2)).strip() for m in re.finditer(r"\$\$(.+?)\$\$|\$(.+?)\$", stem, re.S)]


NAME_ONLY = re.compile(r"^\s*(?:\\[A-Za-z]+|[A-Za-z])(?:_\{?[A-Za-z0-9]+\}?)?\s*$")


def _proposed_target(stem: str) -> str | None:
    """The formula a numerical or short-answer stem asks the value of: its last formula that is neither a
    relation nor a bare name (``\\sigma`` in "siendo σ la función logística" names, it does not ask)."""
    values = [f.rstrip("?¿ ").strip() for f in _stem_formulas(stem)
              if not re.search(r"(?<!\\)(=|<|>)|\\(le|ge|leq|geq|neq|in)\b", f)]
    values = [f for f in values if f and not re.fullmatch(r"-?\d+(?:[.,{}]+\d+)*", f)]  # "a 3 decimales" asks nothing
    computed = [f for f in values if not NAME_ONLY.match(f)]
    return (computed or values or [None])[-1]


def render(question: BankQuestion, known: Mapping[str, Known], taken: set[str], *, mode: str) -> Rendered:
    """The question file of one bank question; raises ValueError with the reason it cannot be one."""
    qid = _choose_id(question, known, taken)
    match = known.get(qid)
    options, key, extra, notes = _answers(question)
    header: dict[str, Any] = {"id": qid, "position": question.position}
    if question.category:
        header["section"] = question.category
    header["rule"] = _rule(question, options, match)
    header.update(key)
    header.update(extra)
    proposed: list[str] = []
    commented: list[str] = []
    if match is not None:
        _carry(match, header, options)
    else:
        proposed, commented = _propose(question, header, options, mode)
    if notes or question.notes:
        header["notes"] = list(header.get("notes") or []) + list(question.notes) + notes
    body = question.stem if options else re.sub(r"(?m)^(\s*\d+)\.(\s)", r"\1)\2", question.stem)
    lines = ["---", _quoted_yaml(header), *commented, "---", body.strip() or question.name, ""]
    lines += [f"{n}. {text}" for n, text in enumerate(options, start=1)]
    return Rendered(question, qid, "\n".join(lines).rstrip() + "\n", tuple(proposed),
                    str(match.path) if match is not None else "", tuple(notes))


def _carry(match: Known, header: dict[str, Any], options: Sequence[str]) -> None:
    """The known file's notation into ``header``; its option-keyed entries follow their options by text."""
    for name, value in match.header.items():
        if name in NOT_CARRIED or (name in header and name != "section"):
            continue
        header[name] = _rekeyed(value, match, options) if name in BY_OPTION else value
        if name in BY_OPTION and not header[name]:
            del header[name]


def _discoverable(formula: str) -> str:
    """A formula as the proposer reads it to find its names: relations become differences, and the whole is
    a sum, so neither a bare application (``\\sigma(0)``) nor a domain-like statement (``x^2 \\geq 0``) is
    passed over as a mere mention."""
    out, depth, last = [], 0, 0
    for found in RELATIONS.finditer(formula):
        depth += formula.count("{", last, found.start()) - formula.count("}", last, found.start())
        last = found.start()
        out.append((found.start(), found.end()) if depth == 0 else None)
    text, cut = "", 0
    for span in (s for s in out if s is not None):
        text += formula[cut:span[0]] + ") - ("
        cut = span[1]
    return "$0 + (" + text + formula[cut:] + ")$"


RELATIONS = re.compile(r"(?<!\\)(?:<|>|=)|\\(?:leq|geq|le|ge|neq|ne|lt|gt)(?![A-Za-z])")


def _propose(question: BankQuestion, header: dict[str, Any], options: Sequence[str],
             mode: str) -> tuple[list[str], list[str]]:
    """Proposed notation: into ``header`` as it stands (``check``: a question it cannot complete is unreadable;
    ``accept``: what it cannot complete is left as comments), or all as comments (``import``)."""
    proposed: list[str] = []
    target = None
    if header["rule"] in ("numerical", "equals"):
        target = _proposed_target(question.stem)
        if target is None:
            raise ValueError("the stem has no formula whose value the answers give; add 'target' to the file")
        proposed.append(f"target: {target} (the stem's last formula)")
    needed = [*(m.group(1) or m.group(2) for o in options for m in re.finditer(r"\$\$(.+?)\$\$|\$(.+?)\$", o))]
    needed += [target] if target else []
    if question.kind == "truefalse":
        needed += [f for f in _stem_formulas(question.stem) if RELATIONS.search(f)]
    proposal = propose([question.stem, *(_discoverable(f) for f in needed)])
    asked = {_discoverable(f).strip("$") for f in needed}
    for formula, problem in proposal.unreadable:
        if formula in asked:  # a formula of the stem that no claim uses does not stop the question
            raise ValueError(f"${needed[[_discoverable(f).strip('$') for f in needed].index(formula)]}$ cannot be "
                             f"read: {problem}")
    active, waiting = [], []
    for declaration in proposal.declarations:
        placeholder = declaration.section == "distributions"  # its support and probabilities are the author's
        if placeholder and mode == "check":
            raise ValueError(f"'{declaration.fragment}' needs a distribution declared (its support and "
                             "probabilities): import the bank and declare it in the file")
        proposed.append(f"{declaration.fragment}: {declaration.value} ({declaration.reason})")
        (waiting if placeholder or mode == "import" else active).append(declaration)
    prose = [n for n, text in enumerate(options, start=1) if "$" not in text and meta_kind(text) is None]
    if prose and mode == "check":
        raise ValueError(f"option {prose[0]} ('{options[prose[0] - 1][:60]}') is prose: the checker cannot "
                         "judge it; import the bank and add it under 'prose' with a justification")
    if target is not None and mode != "import":
        header["target"] = target
    for declaration in active:
        header.setdefault(declaration.section, {})[declaration.fragment] = declaration.value.strip("'")
    commented = proposed_lines(Proposal(tuple(waiting), ()), _quoted) if waiting else []
    if active:
        commented.insert(0, "# The declarations above were proposed (--accept-proposals): review each domain.")
    if target is not None and mode == "import":
        commented.append(f"# target: {_quoted(target)}    # the stem's last formula: what the answers should equal")
    if prose:
        commented.append("# prose:              # options without formulas: stance and a one-line justification")
        commented += [f"#   {n}: {{holds: true, justification: '...'}}" for n in prose]
    return proposed, commented


def _quoted(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_style="'", width=10**6).strip()


def _answers(question: BankQuestion) -> tuple[list[str], dict[str, Any], dict[str, Any], list[str]]:
    """The options the file lists, its key, the header entries of its type, and notes on what was left."""
    answers = question.answers
    if question.kind == "truefalse":
        right = [a for a in answers if a.fraction == 1]
        if len(right) != 1 or right[0].text.lower() not in ("true", "false", "verdadero", "falso"):
            raise ValueError("a true/false question needs exactly one of 'true' and 'false' marked correct")
        return [], {"key": right[0].text.lower() in ("true", "verdadero")}, {}, []
    if question.kind == "numerical":
        right = [a for a in answers if a.fraction == 1]
        if not right:
            raise ValueError("no answer has the full grade")
        others = [a for a in answers if a is not right[0]]
        notes = [f"the bank also accepts {a.text} ± {a.tolerance or 0} for {a.fraction * 100}% (not checked)"
                 for a in others]
        return [], {}, {"answer": right[0].text, "tolerance": right[0].tolerance or "0"}, notes
    options = [a.text for a in answers]
    if question.kind == "shortanswer":
        options = [t if "$" in t else f"${t}$" for t in options]
        if any(re.fullmatch(r"\$[A-Za-záéíóúñ -]{3,}\$", t) for t in options):
            raise ValueError("the short answers are words, not formulas: the checker cannot judge them")
    notes: list[str] = []
    if question.kind == "shortanswer":
        seen: dict[str, int] = {}
        for number, text in enumerate(options, start=1):
            seen.setdefault(squeeze(text), number)
        kept = sorted(seen.values())
        if len(kept) < len(options):
            notes.append(f"answers {', '.join(str(n) for n in range(1, len(options) + 1) if n not in kept)} spell an "
                         "earlier answer again (left out)")
        answers = tuple(answers[n - 1] for n in kept)
        options = [options[n - 1] for n in kept]
    if len(set(map(squeeze, options))) != len(options):
        raise ValueError("two answers have the same text")
    if question.kind == "shortanswer" or not question.single:
        keys = [n for n, a in enumerate(answers, start=1) if a.fraction > 0]
        if question.kind == "shortanswer":
            keys = [n for n, a in enumerate(answers, start=1) if a.fraction == 1]
    else:
        keys = [n for n, a in enumerate(answers, start=1) if a.fraction == 1]
    if not keys:
        raise ValueError("no answer is marked correct (none has the full grade)")
    partial = [(n, a) for n, a in enumerate(answers, start=1) if 0 < a.fraction < 1]
    if question.single and partial and question.kind == "multichoice":
        notes.append("partial grades: " + ", ".join(f"option {n} {a.fraction * 100}%" for n, a in partial)
                     + " (the key is the option with the full grade)")
    return options, {"key": keys[0] if len(keys) == 1 else keys}, {}, notes


def read_known(paths: Sequence[Path]) -> dict[str, Known]:
    """The question files under ``paths`` by id (a file that cannot be split is ignored here: it is not asked)."""
    from checker.questions.files import QuestionFileError, read_text, split

    known: dict[str, Known] = {}
    files = [p for path in paths for p in (sorted(path.rglob("*.md")) if path.is_dir() else [path])]
    for file in files:
        try:
            source = split(file, read_text(file))
        except (QuestionFileError, OSError):
            continue
        qid = source.header.get("id")
        if isinstance(qid, str) and qid not in known:
            known[qid] = Known(file, source.header, tuple(text for _, text, _ in source.options))
    return known


def render_all(questions: Sequence[BankQuestion], known: Mapping[str, Known], *,
               mode: str) -> tuple[list[Rendered], list[Unreadable]]:
    """Every question rendered (``mode``: ``check``, ``accept`` or ``import``, see :func:`_propose`)."""
    taken: set[str] = set()
    done, unreadable = [], []
    for question in questions:
        try:
            done.append(render(question, known, taken, mode=mode))
        except ValueError as error:
            unreadable.append(Unreadable(question.name, question.position, str(error)))
    return done, unreadable
