"""Import a quiz written like the seed document (headings, numbered options, "**Solución:** La N") as question files.

The files it writes carry the stem, the options and the key exactly as the document has them, the
rule read from the stem, and a commented header listing what still has to be declared (symbols,
prose justifications, a target) before ``verify`` can check them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from checker.values.errors import CheckerError

from .proposals import Proposal, propose

SOLUTION = re.compile(r"^\*\*Soluci[oó]n:\*\*\s*(.*)$", re.IGNORECASE)
KEY = re.compile(r"^(?:La|Opci[oó]n|Option)\s+(\d+)\b", re.IGNORECASE)
HEADING = re.compile(r"^#{1,6}\s+(.*)$")
NUMBERED = re.compile(r"^\s{0,3}(\d+)\.\s+(.*)$")
SEPARATOR = re.compile(r"^\s*(?:---+|\*\*\*+)\s*$")

RULE_PHRASES = (
    ("incorrect-or-last", "indica la opción incorrecta o la última opción si las tres primeras son correctas"),
    ("correct-or-last", "indica la opción correcta o la última opción si ninguna"),
    ("incorrect-or-last", "indicate the incorrect option, or the last one if"),
    ("correct-or-last", "indicate the correct option, or the last one if none"),
    ("correct", "indica la opción correcta"),
    ("correct", "indicate the correct option"),
)


class ImportError_(CheckerError, ValueError):  # noqa: N801 - avoid shadowing the builtin ImportError
    """The document does not have the shape of a quiz: no solutions, or a question without options."""


@dataclass(frozen=True)
class ImportedQuestion:
    """One question as found in the document."""

    position: int
    section: str
    stem: str
    options: tuple[str, ...]
    key: int
    key_text: str
    explanation: str
    rule: str
    line: int

    @property
    def id(self) -> str:
        return f"q{self.position:02d}-{slug(self.section) or 'question'}"


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    words = [w for w in words if not w.isdigit()][:4]
    return "-".join(words)


def read_document(path: str | Path) -> list[ImportedQuestion]:
    """Split a quiz document into its questions."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise ImportError_(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise ImportError_(f"{path}: cannot read: {error.strerror}") from None
    questions: list[ImportedQuestion] = []
    section = ""
    chunk: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        solution = SOLUTION.match(line.strip())
        if solution:
            explanation, index = _explanation(lines, index + 1)
            questions.append(_question(path, len(questions) + 1, section, chunk, solution.group(1).strip(),
                                       explanation, index))
            chunk = []
            continue
        heading = HEADING.match(line)
        if heading:
            title = heading.group(1).strip()
            if re.match(r"^\d+\s", title):
                section = title
            chunk = []
        elif SEPARATOR.match(line):
            chunk = []
        else:
            chunk.append((index + 1, line))
        index += 1
    if not questions:
        raise ImportError_(f"{path}: no question found (each needs a line '**Solución:** La N' after its options)")
    return questions


def _explanation(lines: list[str], start: int) -> tuple[str, int]:
    """The text after a solution line, up to the next separator or heading."""
    end = start
    while end < len(lines) and not SEPARATOR.match(lines[end]) and not HEADING.match(lines[end]):
        end += 1
    return "\n".join(lines[start:end]).strip(), end


def _question(path: Path, position: int, section: str, chunk: list[tuple[int, str]], solution: str,
              explanation: str, line: int) -> ImportedQuestion:
    key = KEY.match(solution)
    if key is None:
        raise ImportError_(f"{path}:{line}: question {position}: cannot read the key in '**Solución:** {solution}'")
    numbered = [(i, m) for i, (_, text) in enumerate(chunk) if (m := NUMBERED.match(text))]
    run: list[int] = []
    for i, match in numbered:
        if int(match.group(1)) == 1:
            run = [i]
        elif run and int(match.group(1)) == len(run) + 1:
            run.append(i)
    if len(run) < 2:
        raise ImportError_(f"{path}:{chunk[0][0] if chunk else line}: question {position}: no numbered options")
    options = []
    for k, i in enumerate(run):
        end = run[k + 1] if k + 1 < len(run) else len(chunk)
        body = [NUMBERED.match(chunk[i][1]).group(2).strip()]  # type: ignore[union-attr]
        body += [text.strip() for _, text in chunk[i + 1:end] if text.strip()]
        options.append(" ".join(body))
    stem = "\n".join(text for _, text in chunk[: run[0]]).strip()
    plain = " ".join(stem.lower().split())
    rule = next((name for name, phrase in RULE_PHRASES if phrase in plain), "equals")
    return ImportedQuestion(position, section, stem, tuple(options), int(key.group(1)), solution, explanation,
                            rule, chunk[run[0]][0])


def render_file(question: ImportedQuestion) -> str:
    """The question file for an imported question, with what remains to declare as comments."""
    import yaml

    def quoted(value: str) -> str:
        return yaml.safe_dump(value, allow_unicode=True, default_style="'", width=10**6).strip()

    prose = [n for n, text in enumerate(question.options, start=1) if "$" not in text]
    lines = ["---", f"id: {question.id}", f"section: {quoted(question.section)}", f"position: {question.position}",
             f"rule: {question.rule}", f"key: {question.key}", f"key_text: {quoted(question.key_text)}"]
    lines += proposed_lines(propose([question.stem, *question.options]), quoted)
    if question.rule == "equals":
        lines.append("# target: '...'      # the expression the options should equal (or an equation with \\option)")
    if prose:
        lines.append("# prose:              # options without formulas: stance and a one-line justification")
        lines += [f"#   {n}: {{holds: true, justification: '...'}}" for n in prose]
    if question.explanation:
        lines.append("notes:")
        lines.append("  - " + quoted(question.explanation))
    lines.append("---")
    lines.append(question.stem)
    lines.append("")
    lines += [f"{n}. {text}" for n, text in enumerate(question.options, start=1)]
    return "\n".join(lines) + "\n"


SECTIONS = ("symbols", "functions", "families", "distributions")


def proposed_lines(proposal: Proposal, quoted: Callable[[str], str]) -> list[str]:
    """The proposal as commented header lines, each entry with its reason."""
    if not proposal.declarations and not proposal.unreadable:
        return ["# Formulas are checked once what they mention is declared (symbols, functions, definitions,",
                "# distributions): see the README's question-file format."]
    lines = ["# Proposed declarations for what the formulas of this question mention. Review each (the domain",
             "# is a guess unless the text states it), then remove the '# ' to use them:"]
    for section in SECTIONS:
        entries = [d for d in proposal.declarations if d.section == section]
        if entries:
            lines.append(f"# {section}:")
        for entry in entries:
            value = entry.value if section == "distributions" or re.fullmatch(r"[a-z -]+", entry.value) \
                else quoted(entry.value)
            lines.append(f"#   {quoted(entry.fragment)}: {value}    # {entry.reason}")
    if proposal.unreadable:
        lines.append("# Formulas that cannot be read as written (rewrite them, or make the option prose):")
        lines += [f"#   ${' '.join(formula.split())}$ — {problem}" for formula, problem in proposal.unreadable]
    return lines


def import_document(path: str | Path, out_dir: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Write one question file per question of the document into ``out_dir``; return their paths."""
    questions = read_document(path)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for question in questions:
        target = out / f"{question.id}.md"
        if target.exists() and not overwrite:
            raise ImportError_(f"{target} exists; pass --overwrite to replace it")
        target.write_text(render_file(question), encoding="utf-8")
        written.append(target)
    return written
