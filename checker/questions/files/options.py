"""The options of a question file and their claims: the last step, which assembles the question.

Each option's claim is parsed from the very text students read; an option that says "all of the above" or
"none of the above" is a meta option; supporting claims and an erratum come from the header.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

import sympy as sp

from checker.notation.latex import Relations
from checker.questions.question import Erratum, Meta, Option, Question, QuestionStatus, Rule
from checker.values.claims import Claim, Reference
from checker.values.errors import ClaimError, QuestionError
from checker.values.printable import shown_path
from checker.values.scope import Scope
from checker.values.written import substitute

from .kinds import Kinds
from .source import FORMULA, QuestionFileError, clip

RULES = {rule.value: rule for rule in Rule}


META_PHRASES = {
    Meta.ALL_PREVIOUS: ("las tres opciones anteriores son correctas", "todas las opciones anteriores son correctas",
                        "todas las anteriores", "todas las anteriores son correctas",
                        "las dos anteriores son correctas",
                        "all of the above", "all of the above are correct", "the three options above are correct",
                        "all the above", "toutes les réponses précédentes", "toutes les réponses ci-dessus",
                        "alle obigen antworten", "alle oben genannten", "todas as anteriores",
                        "todas as anteriores estão corretas", "tutte le precedenti", "tutte le risposte precedenti"),
    Meta.NONE_PREVIOUS: ("ninguna de las tres opciones anteriores es correcta",
                         "ninguna de las opciones anteriores es correcta", "ninguna de las anteriores",
                         "ninguna de las anteriores es correcta", "none of the above",
                         "none of the above is correct", "none of the three options above is correct",
                         "none of these", "aucune des réponses précédentes", "aucune des réponses ci-dessus",
                         "keine der obigen antworten", "keine der oben genannten", "nenhuma das anteriores",
                         "nenhuma das alternativas anteriores", "nessuna delle precedenti",
                         "nessuna delle risposte precedenti"),
}


UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
CONJUNCTION = re.compile(r"^[\s,;.]*(?:(?:y|e|and|i)[\s,;.]*)?$", re.IGNORECASE)


OPTION_MARK = r"\option"


MARKER = sp.Symbol("⟨option⟩")


def meta_kind(text: str) -> Meta | None:
    """The meta option a text states ('all of the above' and the like), if any."""
    plain = unicodedata.normalize("NFKC", " ".join(text.split())).strip().rstrip(".").lower()
    for meta, phrases in META_PHRASES.items():
        if plain in phrases:
            return meta
    return None


_KEY_WORDS = {
    "en": ("option {}", "options {}", "and"), "es": ("La {}", "Las {}", "y"), "fr": ("la {}", "les {}", "et"),
    "de": ("Antwort {}", "Antworten {}", "und"), "pt": ("a {}", "as {}", "e"), "it": ("la {}", "le {}", "e"),
}
"""How the key is named when the file does not say (``key_text``), in the file's ``language``."""


class Builder(Kinds):
    """Builds one question from a split file: header, declarations, derivations, then each option's claim."""

    def question(self) -> Question:
        # header problems are reported together with the options' own (a new author fixes them in one round)
        rule_name = self._text("rule", required=True)
        if rule_name not in RULES:
            self._problems.append(self.error(f"unknown rule '{rule_name}'; use one of {', '.join(RULES)}"))
        keys: tuple[int, ...] = ()
        if rule_name == "true-false":
            key, options = self._true_false()
        elif rule_name == "numerical":
            key, options = 1, (self._numerical(),)
        else:
            numbers = [n for n, _, _ in self.source.options]
            if not numbers:
                raise self.error("no numbered options (lines like '1. …') after the front matter")
            if numbers != list(range(1, len(numbers) + 1)):
                duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
                problem = f"duplicate option number(s) {duplicates}" if duplicates else f"options numbered {numbers}"
                raise self.error(problem + "; number them 1, 2, 3, … in order")
            key, keys = self._keys(rule_name, len(numbers))
            options = tuple(self._collect(self._option, n, text, line) for n, text, line in self.source.options)
        support = self._support()
        self.chains = self.derivations()
        if self._problems:
            raise QuestionFileError.several(self._problems)
        erratum = self._erratum()
        position = self.header.get("position", 0)
        if not isinstance(position, int) or isinstance(position, bool):
            raise self.error(f"header 'position' must be a whole number, got '{position}'")
        notes = self.header.get("notes") or []
        if not isinstance(notes, list):
            raise self.error("header 'notes' must be a list of sentences")
        try:
            return Question(id=self.id, section=self._text("section"), position=position, stem=self.source.stem,
                            rule=RULES[rule_name], options=options, key=key, keys=keys,
                            numerical=(self._answer, self._tolerance) if rule_name == "numerical" else (),
                            key_text=self._key_text(rule_name, key, keys), erratum=erratum,
                            support=support, notes=tuple(str(n) for n in notes),
                            language=self._text("language", default="").strip().lower(),
                            notation=self._spellings(), origin=(shown_path(self.source.path), self._line_of("key")))
        except QuestionError as error:
            raise self.error(str(error).split(": ", 1)[-1]) from None

    def _line_of(self, key: str) -> int:
        """The line of a header key (``key:``), or 1."""
        for number, text in enumerate(self.source.lines, start=1):
            if re.match(rf"{key}\s*:", text):
                return number
            if number > 1 and text.strip() == "---":
                break
        return 1

    def _key_text(self, rule: str, key: int, keys: tuple[int, ...]) -> str:
        if self.header.get("key_text") is not None:
            return self._text("key_text")
        if rule == "true-false":
            return "true" if key == 1 else "false"
        if rule == "numerical":
            return str(self.header.get("answer"))
        language = self._text("language", default="en").strip().lower()[:2]
        one, several, joined = _KEY_WORDS.get(language, _KEY_WORDS["en"])
        if not keys:
            return one.format(key)
        return several.format(", ".join(map(str, keys[:-1])) + f" {joined} {keys[-1]}")

    def _spellings(self) -> tuple[tuple[sp.Basic, str], ...]:
        """Each declared atom (symbols, families, instances of an expectation) with the LaTeX written for it."""
        spelled: dict[sp.Basic, str] = {}
        for fragment, atom in [*self.notation.symbols.items(), *self.notation.families.items(),
                               *getattr(self, "_instances", {}).items()]:
            spelled.setdefault(atom, fragment)
        return tuple(spelled.items())

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
            return Option(number, text, self._relation_claim(str(entry["claim"]), clip(text, 80) + note,
                                                             where="formal claim", witness=entry.get("witness"),
                                                             option=number, line=line))
        if number in prose:
            entry = prose[number]
            if not (isinstance(entry, dict) and isinstance(entry.get("holds"), bool) and entry.get("justification")):
                raise self.error("prose entry needs 'holds: true/false' and a 'justification'", option=number)
            return Option(number, text, Scope.prose(clip(text, 80), holds=entry["holds"],
                                                    justification=str(entry["justification"])))
        if number in facts:
            entry = facts[number]
            if not isinstance(entry, dict) or not entry.get("name") or not entry.get("source"):
                raise self.error("fact entry needs a 'name' and a 'source'", option=number)
            return Option(number, text, Scope.fact(clip(text, 80), name=str(entry["name"]),
                                                   source=str(entry["source"]),
                                                   justification=str(entry.get("justification", ""))))
        return Option(number, text, self._claim(number, text, line))

    def _claim(self, number: int, text: str, line: int) -> Claim:
        dollars = [m.start() for m in UNESCAPED_DOLLAR.finditer(text.replace("$$", "\0\0"))]
        if len(dollars) % 2:
            raise self.error(f"the '$' at column {dollars[-1] + 1} of the option opens a formula that is never "
                             "closed; close it with '$'", option=number, text=text, line=line)
        formulas = [(m.group(1) or m.group(2), m.start()) for m in FORMULA.finditer(text)]
        if not formulas:
            raise self.error("no formula to check; if the option is prose, add it under 'prose' with "
                             "'holds' and a 'justification'", option=number, text=text, line=line)
        outside = FORMULA.sub(" ", text)
        if not CONJUNCTION.match(outside):
            raise self.error("the option mixes prose with formulas; list it under 'prose' (with a justification) "
                             "or keep only formulas joined by 'y'/'and'", option=number, text=text, line=line)
        values = [self._formula(latex, self.notation, where=f"${clip(latex, 60)}$", option=number, line=line)
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
        reference = Reference("target", f"{shown_path(self.source.path.name)}: {target}", value)
        return self.scope.match(expr, reference, statement)

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
