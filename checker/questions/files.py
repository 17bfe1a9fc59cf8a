"""Question files: a YAML front-matter header declaring notation, and the student-facing Markdown body.

The body is what students read — the stem, then options numbered ``1.``, ``2.``, … with LaTeX inside
``$…$`` — and each option's claim is parsed from that very text. The header declares what the text
may mention; nothing in a file is ever executed or handed to ``eval``/``sympify``/``parse_expr``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import sympy as sp
import yaml

from checker.notation.latex import (
    Distribution,
    Function,
    LatexError,
    Notation,
    Relations,
    kl_divergence,
    logistic,
    parse,
    spelling,
    undefined_function,
)
from checker.notation.latex.tex import DECIMAL_COMMA_LANGUAGES
from checker.values.claims import Claim, Reference
from checker.values.domains import (
    BETA,
    DISCOUNT,
    INTEGER,
    NONNEGATIVE,
    NONNEGATIVE_INTEGER,
    POSITIVE,
    POSITIVE_INTEGER,
    PROBABILITY,
    REAL,
    Domain,
    interval,
)
from checker.values.errors import CheckerError, ClaimError, QuestionError
from checker.values.scope import Scope
from checker.values.semantics import Semantics
from checker.values.written import substitute

from .question import Erratum, Meta, Option, Question, QuestionStatus, Rule
from .replay import question_files  # noqa: F401 - part of this module's interface


class QuestionFileError(CheckerError, ValueError):
    """A question file that cannot be read as written; the message names the file, question, option and text."""

    def __init__(self, path: str | Path, problem: str, *, question: str | None = None,
                 option: int | None = None, text: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.path, self.problem, self.question, self.option, self.text = str(path), problem, question, option, text
        self.line, self.column = line, column
        where = str(path) + (f":{line}" if line else "") + (f":{column}" if line and column else "")
        parts = [where]
        if question:
            parts.append(f"question {question}")
        if option is not None:
            parts.append(f"option {option}")
        message = ": ".join(parts) + f": {problem}"
        if text:
            message += f" — in: {_clip(text)}"
        self.others: tuple[QuestionFileError, ...] = ()
        super().__init__(message)

    @classmethod
    def several(cls, errors: list[QuestionFileError]) -> QuestionFileError:
        """All the errors of one file as one exception (its message has a line per error)."""
        first = errors[0]
        first.others = tuple(errors[1:])
        first.args = ("\n".join(e.args[0] for e in errors),)
        return first

    def messages(self) -> list[str]:
        """One message per error of the file."""
        return [self.args[0].split("\n")[0], *(o.args[0].split("\n")[0] for o in self.others)]


def _clip(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


DOMAINS = {
    "real": REAL, "positive": POSITIVE, "probability": PROBABILITY, "beta": BETA,
    "discount factor": DISCOUNT, "discount": DISCOUNT,
    "non-negative integer": NONNEGATIVE_INTEGER, "nonnegative integer": NONNEGATIVE_INTEGER,
    "length": NONNEGATIVE_INTEGER, "positive integer": POSITIVE_INTEGER, "integer": INTEGER,
    "non-negative": NONNEGATIVE, "nonnegative": NONNEGATIVE, "non-negative real": NONNEGATIVE,
    "nonnegative real": NONNEGATIVE, "positive real": POSITIVE,
}
RULES = {rule.value: rule for rule in Rule}
HEADER_KEYS = {"id", "section", "position", "rule", "key", "key_text", "symbols", "functions", "distributions",
               "definitions", "target", "prose", "facts", "support", "erratum", "notes", "title", "kind",
               "derivations", "semantics", "families", "language", "formal", "parameters", "conditions"}
SEMANTICS = {s.value: s for s in Semantics}
ALIGNED = re.compile(r"\\begin\{(aligned|align\*?)\}(.*?)\\end\{\1\}", re.S)
STEP_RELATION = re.compile(r"^\s*(=|<|>|\\leq?|\\geq?|\\lt|\\gt)(?![A-Za-z])\s*(.*)$", re.S)
JUSTIFICATION = re.compile(r"(?:\\q?quad\s*)?\\(?:text|tag)\{((?:[^{}]|\{[^{}]*\})*)\}\s*$")
RELATION_WORDS = {"=": "=", "<": "<", ">": ">", r"\le": "<=", r"\leq": "<=", r"\ge": ">=", r"\geq": ">=",
                  r"\lt": "<", r"\gt": ">"}

META_PHRASES = {
    Meta.ALL_PREVIOUS: ("las tres opciones anteriores son correctas", "todas las opciones anteriores son correctas",
                        "all of the above", "all of the above are correct", "the three options above are correct"),
    Meta.NONE_PREVIOUS: ("ninguna de las tres opciones anteriores es correcta",
                         "ninguna de las opciones anteriores es correcta", "none of the above",
                         "none of the above is correct", "none of the three options above is correct"),
}
CONJUNCTION = re.compile(r"^[\s,;.]*(?:(?:y|e|and|i)[\s,;.]*)?$", re.IGNORECASE)
OPTION_LINE = re.compile(r"^\s{0,3}(\d+)\.\s+(.*)$")
FORMULA = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
OPTION_MARK = r"\option"
MARKER = sp.Symbol("⟨option⟩")


def meta_kind(text: str) -> Meta | None:
    """The meta option a text states ('all of the above' and the like), if any."""
    plain = unicodedata.normalize("NFKC", " ".join(text.split())).strip().rstrip(".").lower()
    for meta, phrases in META_PHRASES.items():
        if plain in phrases:
            return meta
    return None


@dataclass(frozen=True)
class Source:
    """A question file split into its parts, with line numbers for messages."""

    path: Path
    header: dict[str, Any]
    stem: str
    options: tuple[tuple[int, str, int], ...]  # number, text, line
    lines: tuple[str, ...] = ()
    """The file's lines, to point at a column."""


MAX_FILE_BYTES = 1 << 20
"""Largest question file read (1 MiB); the document's files are 1-3 KiB."""


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it (five times quicker than the pure-Python one)."""


def _load_yaml(text: str) -> Any:
    """A header read by the safe loader, refusing aliases first: they are never needed here and can expand
    exponentially (a few lines that become gigabytes)."""
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.constructor.ConstructorError(None, None, "YAML aliases (*name) are not allowed",
                                                    event.start_mark)
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


def split(path: Path, text: str) -> Source:
    """Split a file into header, stem and numbered options."""
    if "\x00" in text:
        raise QuestionFileError(path, "binary file (contains NUL bytes)")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise QuestionFileError(path, "missing front matter: the file must start with a line '---'", line=1)
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise QuestionFileError(path, "front matter is not closed by a line '---'", line=1) from None
    try:
        header = _load_yaml("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = str(getattr(error, "problem", error))
        if "'@'" in problem:
            problem += " (a template's placeholder in the header goes inside quotes: '@a x')"
        raise QuestionFileError(path, f"malformed front matter: {problem}",
                                line=None if mark is None else mark.line + 2) from None
    if not isinstance(header, dict):
        raise QuestionFileError(path, "front matter must be a mapping of keys to values", line=2)
    unknown = sorted(str(k) for k in header if k not in HEADER_KEYS)
    if unknown:
        raise QuestionFileError(path, f"unknown header key(s) {', '.join(unknown)}; "
                                      f"known: {', '.join(sorted(HEADER_KEYS))}",
                                question=str(header.get("id", "")) or None)
    body = lines[end + 1:]
    # the options start at the last line numbered "1."; a numbered list before it belongs to the stem
    starts = [i for i, line in enumerate(body) if (m := OPTION_LINE.match(line)) and m.group(1) == "1"]
    first = starts[-1] if starts else len(body)
    options: list[list[Any]] = []
    for index in range(first, len(body)):
        line = body[index]
        match = OPTION_LINE.match(line)
        if match:
            options.append([int(match.group(1)), match.group(2).strip(), end + 2 + index])
        elif line.strip():
            options[-1][1] += " " + line.strip()
    if not starts and any(OPTION_LINE.match(line) for line in body):
        numbers = [int(m.group(1)) for line in body if (m := OPTION_LINE.match(line))]
        raise QuestionFileError(path, f"options numbered {numbers}; number them 1, 2, 3, … in order",
                                question=str(header.get("id", "")) or None)
    texts = {" ".join(text.split()) for _, text, _ in options}
    for index in range(first):
        match = OPTION_LINE.match(body[index])
        if match and " ".join(match.group(2).split()) in texts:
            # a pasted-twice list: the first copy would silently become part of what students read
            raise QuestionFileError(path, f"option {match.group(1)} appears twice (line {end + 2 + index} and "
                                          "again among the options); delete one copy",
                                    line=end + 2 + index, question=str(header.get("id", "")) or None)
    stem = "\n".join(body[:first]).strip()
    return Source(path, header, stem, tuple((n, t, ln) for n, t, ln in options), tuple(lines))


def load_question(path: str | Path) -> Question:
    """Read one question file into a :class:`Question`; raise :class:`QuestionFileError` on any problem."""
    loaded = load_file(path)
    if not isinstance(loaded, Question):
        raise QuestionFileError(path, "this is a derivation file (kind: derivation), not a question")
    return loaded


def load_file(path: str | Path) -> Question | Any:
    """Read a question file, or a derivation file (``kind: derivation``) into a
    :class:`checker.chains.Derivation`; raise :class:`QuestionFileError` on any problem."""
    return load_items(path)[0]


def read_text(path: Path) -> str:
    """A question file's text; :class:`QuestionFileError` when it is too large, not UTF-8 or unreadable."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise QuestionFileError(path, f"file too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,})")
        return path.read_text(encoding="utf-8").removeprefix("\ufeff")  # a byte-order mark is not content
    except UnicodeDecodeError as error:
        raise QuestionFileError(path, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise QuestionFileError(path, f"cannot read: {error.strerror}") from None


def load_items(path: str | Path) -> list[Any]:
    """Everything a file holds: a question and the derivations its header declares, or one derivation; for a
    template (a header with ``parameters``), its variant of seed 1 (see :mod:`checker.variants`)."""
    path = Path(path)
    source = split(path, read_text(path))
    if "parameters" in source.header:
        from .templates import Template, TemplateError

        try:
            template = Template(source)
            return [template.variant(template.draw(1))]
        except TemplateError as error:
            raise QuestionFileError(path, str(error).split(": ", 1)[-1]) from None
    kind = source.header.get("kind", "question")
    if kind == "derivation":
        return [_Builder(source).derivation()]
    if kind != "question":
        raise QuestionFileError(path, f"unknown kind {kind!r}; use 'question' (the default) or 'derivation'")
    builder = _Builder(source)
    question = builder.question()
    return [question, *builder.chains]


class _Builder:
    """Builds one Question from a split file: notation first, then each option's claim."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.header = source.header
        self.id = self._text("id", required=True)
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", self.id):
            raise self.error(f"id {self.id!r} must be lower-case letters, digits, '.', '_' or '-'")
        self.scope = Scope(self._semantics(self.header.get("semantics"), "header"))
        self.notation = self._notation()

    def _semantics(self, value: object, where: str) -> Semantics:
        if value is None:
            return Semantics.STRICT
        if value not in SEMANTICS:
            raise self.error(f"{where}: unknown semantics {value!r}; use 'strict' (the default) or 'where-defined'")
        return SEMANTICS[value]  # type: ignore[index]

    def error(self, problem: str, option: int | None = None, text: str | None = None,
              line: int | None = None, column: int | None = None) -> QuestionFileError:
        return QuestionFileError(self.source.path, problem, question=getattr(self, "id", None), option=option,
                                 text=text, line=line, column=column)

    def _file_column(self, line: int | None, latex: str, column: int | None) -> int | None:
        """The 1-based column in the file of a formula's ``column`` (0-based), when the formula is on that line."""
        if line is None or column is None or not 0 < line <= len(self.source.lines):
            return None
        start = self.source.lines[line - 1].find(latex)
        return None if start < 0 else start + column + 1

    def _text(self, key: str, required: bool = False, default: str = "") -> str:
        value = self.header.get(key)
        if value is None:
            if required:
                raise QuestionFileError(self.source.path, f"header needs '{key}'", question=self.header.get("id"))
            return default
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise QuestionFileError(self.source.path, f"header '{key}' must be text, got {type(value).__name__}",
                                    question=self.header.get("id"))
        return str(value)

    def _mapping(self, key: str) -> dict[Any, Any]:
        value = self.header.get(key) or {}
        if not isinstance(value, dict):
            raise self.error(f"header '{key}' must be a mapping")
        return value

    # notation -----------------------------------------------------------------------------------

    def _notation(self) -> Notation:
        language = self._text("language", default="en").strip().lower()
        symbols: dict[str, sp.Basic] = {}
        names: dict[str, str] = {}
        self._templates: dict[str, Any] = {}
        self._instances: dict[str, sp.Basic] = {}
        self._names = names
        for fragment, spec in self._mapping("symbols").items():
            fragment = str(fragment).strip()
            name = display_name(fragment)
            if name in names:
                raise self.error(f"symbols {names[name]!r} and {fragment!r} would print the same ({name})")
            names[name] = fragment
            symbols[fragment] = self._symbol(fragment, name, spec, symbols)
            self._templates[spelling(fragment)] = ("symbol", fragment, spec)
        families: dict[str, sp.IndexedBase] = {}
        for fragment, spec in self._mapping("families").items():
            fragment = str(fragment).strip()
            families[fragment] = self.scope.family(display_name(fragment), self._domain(fragment, spec))
        distributions: dict[str, Distribution] = {}
        later = {}
        defined = {str(f).strip() for f in self._mapping("definitions")}
        for name, entries in self._mapping("distributions").items():
            probabilities = entries.get("probabilities") if isinstance(entries, dict) else entries
            if isinstance(probabilities, list) and any(str(p).strip() in defined for p in probabilities):
                later[str(name)] = entries  # its probabilities are definitions: read once they are
                continue
            distributions[str(name)] = self._distribution(str(name), entries, symbols, names)
        functions: dict[str, Function] = {}
        for fragment, kind in self._mapping("functions").items():
            fragment = str(fragment).strip()
            if kind == "logistic":
                functions[fragment] = logistic()
            elif kind == "kl":
                functions[fragment] = kl_divergence(distributions)
            elif kind == "function":
                functions[fragment] = undefined_function(display_name(fragment))
            else:
                raise self.error(f"function {fragment!r}: unknown kind {kind!r} (known: logistic, kl, function)")
        notation = Notation(symbols, functions, families, distributions,
                            decimal_comma=language in DECIMAL_COMMA_LANGUAGES, instantiate=self._instantiate)
        self.notation = notation
        self._problems: list[QuestionFileError] = []
        for fragment, latex in self._mapping("definitions").items():
            fragment = str(fragment).strip()
            atom = symbols.get(fragment) or self._family_member(fragment, families, notation) or \
                sp.Symbol(display_name(fragment))
            try:
                value = self._formula(str(latex), notation, where=f"definition of {fragment}")
                if isinstance(value, Relations):
                    raise self.error(f"definition of {fragment} must be an expression, not a relation",
                                     text=str(latex))
            except QuestionFileError as problem:
                self._problems.append(problem)  # reported with the others; the fragment stays readable
            else:
                self.scope.define(atom, value)
            symbols[fragment] = atom
            self._templates[spelling(fragment)] = ("definition", fragment, str(latex))
            notation = self.notation = replace(notation, symbols=dict(symbols))
        for name, entries in later.items():
            distributions[name] = self._defined_distribution(name, entries, symbols)
        notation = self.notation = replace(notation, distributions=dict(distributions))
        return notation

    def _family_member(self, fragment: str, families: dict[str, sp.IndexedBase], notation: Notation) \
            -> sp.Basic | None:
        """A defined fragment that names a member of a declared family (``r_1`` with family ``r``): the member
        itself, so the definition holds inside sums and maxima over the family too."""
        base = re.match(r"^\s*(\\?[A-Za-z]+)\s*_", fragment)
        if base is None or base.group(1) not in families:
            return None
        try:
            member = self._formula(fragment, notation, where=f"definition of {fragment}")
        except QuestionFileError:
            return None
        return member if isinstance(member, sp.Indexed) and member.base == families[base.group(1)] else None

    def _defined_distribution(self, name: str, entries: object, symbols: dict[str, sp.Basic]) -> Distribution:
        """A distribution whose probabilities are defined quantities (π_β(y) := π_ref(y)·e^{r(y)/β}/Z)."""
        support = None
        if isinstance(entries, dict):
            support = [str(s) for s in entries.get("support") or []] or None
            entries = entries.get("probabilities")
        if not isinstance(entries, list):
            raise self.error(f"distribution {name!r}: its probabilities must be a list")
        fragments = [str(e).strip() for e in entries]
        unknown = [f for f in fragments if f not in symbols]
        if unknown:
            raise self.error(f"distribution {name!r}: {unknown[0]!r} is neither declared nor defined")
        support = support or [_element(f) for f in fragments]
        if len(support) != len(fragments):
            raise self.error(f"distribution {name!r}: {len(support)} support elements, {len(fragments)} probabilities")
        return Distribution(tuple(tuple(spelling(p) for p in _parts(s)) for s in support),
                            tuple(symbols[f] for f in fragments))

    def _symbol(self, fragment: str, name: str, spec: object, symbols: dict[str, sp.Basic]) -> sp.Basic:
        """A declared symbol; ``'probability, function of \\theta'`` makes it a quantity that depends on θ."""
        text = str(spec)
        depends = re.search(r",\s*function of\s+(.+)$", text)
        if depends is None:
            return self.scope.symbol(name, self._domain(fragment, spec))
        domain = self._domain(fragment, text[:depends.start()])
        parameters = []
        for parameter in depends.group(1).split(" and "):
            atom = symbols.get(parameter.strip()) or symbols.get(spelling(parameter.strip()))
            if atom is None or not isinstance(atom, sp.Symbol):
                raise self.error(f"symbol {fragment!r}: its parameter {parameter.strip()!r} must be declared above it")
            parameters.append(atom)
        return self.scope.function_of(name, parameters, domain)

    def _instantiate(self, template: str, mapping: dict[str, str]) -> sp.Basic | None:
        """The atom for a declared fragment with an expectation's bound variables replaced (made once)."""
        from checker.notation.latex.expectations import bind, instantiated

        kind, fragment, spec = self._templates.get(template, (None, None, None))
        if kind is None:
            return None
        instance = spelling(bind(spelling(fragment), mapping))
        if instance in self._instances:
            return self._instances[instance]
        name = display_name(instance)
        if kind == "symbol":
            atom = self._symbol(instance, name, spec, dict(self.notation.symbols))
        else:
            atom = sp.Symbol(name)
            self._instances[instance] = atom  # a definition that mentions itself cannot recurse forever
            context = instantiated(self.notation.spelled(), mapping)
            value = self._formula(bind(spelling(spec), mapping), context, where=f"definition of {instance}")
            if isinstance(value, Relations):
                return None
            self.scope.define(atom, value)
        self._instances[instance] = atom
        return atom

    def _domain(self, fragment: str, spec: object) -> Domain:
        text = str(spec).strip().lower()
        if text in DOMAINS:
            return DOMAINS[text]
        found = re.fullmatch(r"interval\s*([\[(])\s*([^,\s]+)\s*,\s*([^\])\s]+)\s*([\])])", text)
        if found:
            try:
                lo = None if found.group(2) in ("-oo", "-inf") else Fraction(found.group(2))
                hi = None if found.group(3) in ("oo", "inf") else Fraction(found.group(3))
            except ValueError:
                raise self.error(f"symbol {fragment!r}: interval bounds must be exact numbers, got {spec!r}") from None
            domain = interval(lo, hi, lo_open=found.group(1) == "(", hi_open=found.group(4) == ")")
            if domain.empty:
                raise self.error(f"symbol {fragment!r}: empty interval {spec!r}")
            return domain
        raise self.error(f"symbol {fragment!r}: unknown domain {spec!r}; use one of {', '.join(sorted(DOMAINS))} "
                         "or 'interval [a, b]' (and ', function of \\theta' for a quantity that depends on θ)")

    def _distribution(self, name: str, entries: object, symbols: dict[str, sp.Basic],
                      names: dict[str, str]) -> Distribution:
        """A finite distribution: exact probabilities (``[9/25, 12/25, 4/25]``), the fragments naming symbolic
        ones (``['\\pi(y_1)', '\\pi(y_2)']``, whose support is y_1, y_2), or ``{support: […], probabilities: […]}``."""
        support: list[str] | None = None
        if isinstance(entries, dict):
            unknown = set(entries) - {"support", "probabilities"}
            if unknown or "probabilities" not in entries:
                raise self.error(f"distribution {name!r}: write {{support: [...], probabilities: [...]}}")
            support = [str(s) for s in entries.get("support") or []]
            entries = entries["probabilities"]
        if not isinstance(entries, list) or not entries:
            raise self.error(f"distribution {name!r} must be a list of exact probabilities like 9/25, "
                             "or of the LaTeX fragments that name its entries")
        if all(isinstance(e, str) and re.search(r"[A-Za-z\\]", e) for e in entries):
            fragments = [e.strip() for e in entries]
            for fragment in fragments:
                if fragment in symbols or display_name(fragment) in names:
                    raise self.error(f"distribution {name!r}: {fragment!r} is declared twice")
                names[display_name(fragment)] = fragment
            atoms = self.scope.distribution([display_name(f) for f in fragments])
            symbols.update(zip(fragments, atoms))
            probabilities: list[sp.Expr] = list(atoms)
            if support is None:
                support = [_element(fragment) for fragment in fragments]
        else:
            probabilities = []
            for entry in entries:
                try:
                    value = Fraction(str(entry).strip())
                except ValueError:
                    raise self.error(f"distribution {name!r}: {entry!r} is not an exact number") from None
                if value <= 0:
                    raise self.error(f"distribution {name!r}: entry {entry} must be positive")
                probabilities.append(sp.Rational(value.numerator, value.denominator))
            if sum(probabilities) != 1:
                raise self.error(f"distribution {name!r} sums to {sum(probabilities)}, not 1")
            if support is None:
                support = [str(i) for i in range(1, len(probabilities) + 1)]
        if len(support) != len(probabilities):
            raise self.error(f"distribution {name!r}: {len(support)} support elements, "
                             f"{len(probabilities)} probabilities")
        elements = tuple(tuple(spelling(part) for part in _parts(element)) for element in support)
        return Distribution(elements, tuple(probabilities))

    def _formula(self, latex: str, notation: Notation, *, where: str, option: int | None = None,
                 line: int | None = None) -> sp.Basic | Relations:
        try:
            return parse(latex, notation)
        except LatexError as error:
            if line is None:
                # a formula of the header: its line, when its text appears there verbatim (single quotes)
                found = [n for n, text in enumerate(self.source.lines, start=1) if latex and latex in text]
                line = found[0] if len(found) == 1 else None
            raise self.error(f"{where}: {error}", option=option, line=line,
                             column=self._file_column(line, latex, error.column)) from None

    # options ------------------------------------------------------------------------------------

    def question(self) -> Question:
        # header problems are reported together with the options' own (a new author fixes them in one round)
        rule_name = self._text("rule", required=True)
        if rule_name not in RULES:
            self._problems.append(self.error(f"unknown rule {rule_name!r}; use one of {', '.join(RULES)}"))
        key = self.header.get("key")
        if not isinstance(key, int) or isinstance(key, bool):
            self._problems.append(self.error(f"header 'key' must be an option number, got {key!r}"))
            key = 1
        numbers = [n for n, _, _ in self.source.options]
        if not numbers:
            raise self.error("no numbered options (lines like '1. …') after the front matter")
        if numbers != list(range(1, len(numbers) + 1)):
            duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
            problem = f"duplicate option number(s) {duplicates}" if duplicates else f"options numbered {numbers}"
            raise self.error(problem + "; number them 1, 2, 3, … in order")
        if not 1 <= key <= len(numbers):
            self._problems.append(self.error(f"key {key} is out of range: there are {len(numbers)} options"))
        options = tuple(self._collect(self._option, n, text, line) for n, text, line in self.source.options)
        support = self._support()
        self.chains = self.derivations()
        if self._problems:
            raise QuestionFileError.several(self._problems)
        erratum = self._erratum()
        position = self.header.get("position", 0)
        if not isinstance(position, int) or isinstance(position, bool):
            raise self.error(f"header 'position' must be a whole number, got {position!r}")
        notes = self.header.get("notes") or []
        if not isinstance(notes, list):
            raise self.error("header 'notes' must be a list of sentences")
        try:
            return Question(id=self.id, section=self._text("section"), position=position, stem=self.source.stem,
                            rule=RULES[rule_name], options=options, key=key,
                            key_text=self._text("key_text", default=f"La {key}"), erratum=erratum,
                            support=support, notes=tuple(str(n) for n in notes),
                            language=self._text("language", default="").strip().lower(),
                            notation=self._spellings())
        except QuestionError as error:
            raise self.error(str(error).split(": ", 1)[-1]) from None

    def _spellings(self) -> tuple[tuple[sp.Basic, str], ...]:
        """Each declared atom (symbols, families, instances of an expectation) with the LaTeX written for it."""
        spelled: dict[sp.Basic, str] = {}
        for fragment, atom in [*self.notation.symbols.items(), *self.notation.families.items(),
                               *getattr(self, "_instances", {}).items()]:
            spelled.setdefault(atom, fragment)
        return tuple(spelled.items())

    def _collect(self, build: Any, *args: Any) -> Any:
        """Build one part of the question; a problem is recorded (every error of a file is reported) and the
        part is left out."""
        try:
            return build(*args)
        except QuestionFileError as problem:
            self._problems.append(problem)
            return None

    def derivation(self) -> Any:
        """A chain written as an aligned block: ``A &= B \\ &\\le C \\quad \text{fact: …}``."""
        if self._problems:
            raise QuestionFileError.several(self._problems)
        body = "\n".join(text for _, text, _ in self.source.options)
        block = ALIGNED.search(self.source.stem + "\n" + body)
        if block is None:
            raise self.error("a derivation file needs a \\begin{aligned} … \\end{aligned} block with the chain")
        return self._chain(block.group(2), self.id, self._text("title", default=self.id),
                           tuple(str(n) for n in (self.header.get("notes") or [])))

    def derivations(self) -> list[Any]:
        """Derivations declared in a question file's header under ``derivations`` (title + aligned lines)."""
        entries = self.header.get("derivations") or []
        if not isinstance(entries, list):
            raise self.error("header 'derivations' must be a list of {title, chain} entries")
        chains = [self._collect(self._derivation_entry, index, entry) for index, entry in enumerate(entries, start=1)]
        return [chain for chain in chains if chain is not None]

    def _derivation_entry(self, index: int, entry: object) -> Any:
        if not isinstance(entry, dict) or not entry.get("chain"):
            raise self.error(f"derivation {index} needs 'chain' (the lines of an aligned block) and a 'title'")
        lines = str(entry["chain"])
        inner = ALIGNED.search(lines)
        return self._chain(inner.group(2) if inner else lines, f"{self.id}-d{index}",
                           str(entry.get("title") or f"derivation {index} of {self.id}"), ())

    def _chain(self, block: str, chain_id: str, title: str, notes: tuple[str, ...]) -> Any:
        lines = [line.replace("&", " ").strip() for line in block.split(r"\\") if line.strip()]
        steps: list[tuple[str, Any, str]] = []
        start = None
        written: list[str] = []
        for number, line in enumerate(lines, start=1):
            note = JUSTIFICATION.search(line)
            justification = note.group(1).strip() if note else ""
            formula = line[: note.start()] if note else line
            written.append(" ".join(formula.split()))
            if number == 1:
                value = self._formula(formula, self.notation, where="step 1")
                if not isinstance(value, Relations) or len(value.parts) != 1:
                    raise self.error("the first line must relate two expressions, e.g. 'A &= B'", text=line)
                start, op, expr = value.parts[0]
                steps.append((op, expr, justification))
                continue
            found = STEP_RELATION.match(formula)
            if found is None:
                raise self.error(f"line {number} of the chain must start with =, <, >, \\le or \\ge", text=line)
            value = self._formula(found.group(2), self.notation, where=f"step {number}")
            if isinstance(value, Relations):
                raise self.error(f"line {number} holds more than one relation", text=line)
            steps.append((RELATION_WORDS[found.group(1)], value, justification))
        try:
            return self.scope.derivation(chain_id, title, start, *steps, notes=notes, latex=tuple(written))
        except ClaimError as error:
            raise self.error(str(error)) from None

    def _option(self, number: int, text: str, line: int) -> Option:
        meta = meta_kind(text)
        if meta is not None:
            return Option(number, text, meta=meta)
        prose, facts, formal = self._mapping("prose"), self._mapping("facts"), self._mapping("formal")
        if number in formal:
            entry = formal[number]
            if not isinstance(entry, dict) or not (entry.get("claim") or entry.get("expression")):
                raise self.error("formal entry needs 'claim' (the option as a LaTeX relation) or 'expression' (what "
                                 "it says equals the target), optionally 'witness' and 'note'", option=number)
            note = f" (read as: {entry['note']})" if entry.get("note") else ""
            if entry.get("expression"):
                latex = str(entry["expression"])
                value = self._formula(latex, self.notation, where="formal expression", option=number, line=line)
                if isinstance(value, Relations):
                    raise self.error("a formal 'expression' is compared with the target; write a relation under "
                                     "'claim' instead", option=number)
                return Option(number, text, self._against_target(number, value, f"${latex}$" + note, line))
            return Option(number, text, self._relation_claim(str(entry["claim"]), _clip(text, 80) + note,
                                                             where="formal claim", witness=entry.get("witness"),
                                                             option=number, line=line))
        if number in prose:
            entry = prose[number]
            if not (isinstance(entry, dict) and isinstance(entry.get("holds"), bool) and entry.get("justification")):
                raise self.error("prose entry needs 'holds: true/false' and a 'justification'", option=number)
            return Option(number, text, Scope.prose(_clip(text, 80), holds=entry["holds"],
                                                    justification=str(entry["justification"])))
        if number in facts:
            entry = facts[number]
            if not isinstance(entry, dict) or not entry.get("name") or not entry.get("source"):
                raise self.error("fact entry needs a 'name' and a 'source'", option=number)
            return Option(number, text, Scope.fact(_clip(text, 80), name=str(entry["name"]),
                                                   source=str(entry["source"]),
                                                   justification=str(entry.get("justification", ""))))
        return Option(number, text, self._claim(number, text, line))

    def _claim(self, number: int, text: str, line: int) -> Claim:
        formulas = [(m.group(1) or m.group(2), m.start()) for m in FORMULA.finditer(text)]
        if not formulas:
            raise self.error("no formula to check; if the option is prose, add it under 'prose' with "
                             "'holds' and a 'justification'", option=number, text=text, line=line)
        outside = FORMULA.sub(" ", text)
        if not CONJUNCTION.match(outside):
            raise self.error("the option mixes prose with formulas; list it under 'prose' (with a justification) "
                             "or keep only formulas joined by 'y'/'and'", option=number, text=text, line=line)
        values = [self._formula(latex, self.notation, where=f"${_clip(latex, 60)}$", option=number, line=line)
                  for latex, _ in formulas]
        statement = " and ".join(f"${latex.strip()}$" for latex, _ in formulas)
        try:
            if all(isinstance(v, Relations) for v in values):
                parts = [p for v in values for p in v.parts]  # type: ignore[union-attr]
                if len(parts) == 1 and parts[0][1] == "=":
                    return self.scope.identity(parts[0][0], parts[0][2], statement)
                return self.scope.compare(*parts, text=statement)
            if len(values) == 1:
                return self._against_target(number, values[0], statement, line)  # type: ignore[arg-type]
        except ClaimError as error:
            raise self.error(str(error), option=number, text=text, line=line) from None
        raise self.error("mixes relations and bare expressions; write each formula as a relation",
                         option=number, text=text, line=line)

    def _against_target(self, number: int, expr: sp.Expr, statement: str, line: int) -> Claim:
        target = self.header.get("target")
        if target is None:
            raise self.error("a bare expression needs a 'target' in the header (the X in 'which expression equals X'),"
                             " or write the option as an equation", option=number, text=statement, line=line)
        marker = MARKER
        if not hasattr(self, "_target"):
            notation = replace(self.notation, symbols={**self.notation.symbols, OPTION_MARK: marker})
            self._target = None
            self._target = self._formula(str(target), notation, where="target")
        elif self._target is None:
            raise self.error("the target could not be read (see above)", option=number)
        value = self._target
        if isinstance(value, Relations):
            if len(value.parts) != 1 or value.parts[0][1] != "=":
                raise self.error("target must be an expression or one equation containing \\option")
            lhs, _, rhs = value.parts[0]
            if not (lhs.has(marker) or rhs.has(marker)):
                raise self.error("a target equation must contain \\option where the option's expression goes")
            return self.scope.identity(substitute(lhs, {marker: expr}), substitute(rhs, {marker: expr}),
                                       f"{target} with \\option = {statement}".replace(OPTION_MARK, "option"))
        if value.has(marker):
            raise self.error("\\option can only appear in a target equation")
        return self.scope.match(expr, Reference("target", f"{self.source.path.name}: {target}", value), statement)

    def _support(self) -> tuple[Claim, ...]:
        entries = self.header.get("support") or []
        if not isinstance(entries, list):
            raise self.error("header 'support' must be a list of {claim, text} entries")
        claims = [self._collect(self._support_entry, index, entry) for index, entry in enumerate(entries, start=1)]
        return tuple(claim for claim in claims if claim is not None)

    def _support_entry(self, index: int, entry: object) -> Claim:
        if not isinstance(entry, dict) or "claim" not in entry:
            raise self.error(f"support entry {index} needs 'claim' (LaTeX) and 'text'")
        latex = str(entry["claim"])
        text = str(entry.get("text") or f"${latex}$")
        claim = self._relation_claim(latex, text, where=f"support {index}",
                                     witness=entry.get("witness"))
        if "semantics" in entry:
            claim = replace(claim, semantics=self._semantics(entry["semantics"], f"support {index}"))
        return claim

    def _relation_claim(self, latex: str, text: str, *, where: str, witness: object = None,
                        option: int | None = None, line: int | None = None) -> Claim:
        """A claim from one LaTeX relation (or a conjunction), with an optional witness for a comparison."""
        value = self._formula(latex, self.notation, where=where, option=option, line=line)
        if not isinstance(value, Relations):
            raise self.error(f"{where} must be a relation", text=latex, option=option, line=line)
        parts = value.parts
        witness_value = None
        if witness is not None:
            witness_value = self._formula(str(witness), self.notation, where=f"{where}: witness", option=option)
            if isinstance(witness_value, Relations):
                raise self.error(f"{where}: a witness is an expression (lhs − rhs), not a relation", option=option)
        try:
            if len(parts) == 1 and parts[0][1] == "=" and witness_value is None:
                return self.scope.identity(parts[0][0], parts[0][2], text)
            return self.scope.compare(*parts, text=text, witness=witness_value)
        except ClaimError as error:
            raise self.error(f"{where}: {error}", text=latex, option=option, line=line) from None

    def _erratum(self) -> Erratum | None:
        entry = self.header.get("erratum")
        if entry is None:
            return None
        statuses = {s.value: s for s in QuestionStatus}
        if not isinstance(entry, dict) or entry.get("status") not in statuses or not entry.get("note"):
            raise self.error(f"erratum needs 'status' (one of {', '.join(statuses)}) and a 'note'")
        return Erratum(statuses[entry["status"]], str(entry["note"]))


def _element(fragment: str) -> str:
    """The support element a probability's fragment names: ``\\pi(y_1 | x)`` → ``y_1``."""
    found = re.search(r"\(([^|)]*)", fragment)
    return found.group(1).strip() if found else fragment


def _parts(element: str) -> list[str]:
    """An element of a support: one name, or a tuple ``(x^{(1)}, y_w^{(1)}, y_l^{(1)})``."""
    text = element.strip()
    if text.startswith("(") and text.endswith(")"):
        inner = text[1:-1]
        parts: list[str] = []
        current: list[str] = []
        depth = 0
        for char in inner:
            if char in "({[":
                depth += 1
            elif char in ")}]":
                depth -= 1
            if char == "," and depth == 0:
                parts.append("".join(current).strip())
                current = []
                continue
            current.append(char)
        parts.append("".join(current).strip())
        return parts
    return [text]


_GREEK = dict(zip(
    ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu",
     "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"),
    "αβγδεζηθικλμνξπρστυφχψω"))
_SIGNS = {"succ": "≻", "prec": "≺", "mid": "|", "cdot": "·", "infty": "∞"}


def display_name(fragment: str) -> str:
    """A readable SymPy name for a LaTeX fragment: ``\\pi_{\\text{ref}}(y | x)`` → ``π_ref(y | x)``."""
    name = re.sub(r"\\(?:text|mathrm|operatorname|mathit|mathbf)\{([^{}]*)\}", r"\1", fragment)
    name = re.sub(r"\\([A-Za-z]+)", lambda m: _GREEK.get(m.group(1), _SIGNS.get(m.group(1), m.group(1))), name)
    name = name.replace("{", "").replace("}", "")
    return " ".join(name.split())
