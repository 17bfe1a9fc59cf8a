"""``verify new`` (a question file to start from) and ``verify import`` (a quiz document into question files).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from .app import EXIT_USAGE, _os_message, fail, main, output_file, write_output
from .platforms import NOTATION

TEMPLATE = """---
# A question file: this header declares the notation, the body below is what students read.
id: {id}
section: ''
position: 1
rule: incorrect-or-last   # incorrect-or-last | correct-or-last | correct | equals
key: 4                    # the option you believe is the answer; verify tells you if the maths agrees
key_text: 'La 4'
symbols:                  # every LaTeX fragment the formulas use, with its domain:
  r_1: real               #   real | positive | probability | beta | discount factor |
  r_2: real               #   non-negative integer | interval [a, b] | interval (0, 1]
functions:
  '\\sigma': logistic      # '\\mathbb{{D}}_{{\\text{{KL}}}}': kl works over declared distributions
# distributions:          # name: exact entries summing to 1, e.g. P: [9/25, 12/25, 4/25]
definitions:              # a fragment that stands for an expression
  P: '\\frac{{e^{{r_1}}}}{{e^{{r_1}} + e^{{r_2}}}}'
# target: '...'           # for 'equals': the X options must equal, or an equation with \\option
# prose:                  # options without formulas: your stance and a one-line justification
#   3: {{holds: true, justification: 'source or reason'}}
---
Sea $P$ la probabilidad de preferir $y_1$ a $y_2$ según el modelo Bradley-Terry. Indica la opción
incorrecta o la última opción si las tres primeras son correctas:

1. $P = \\frac{{1}}{{1 + e^{{r_2 - r_1}}}}$
2. $P = \\sigma(r_1 - r_2)$
3. $P = \\sigma(r_2 - r_1)$
4. Las tres opciones anteriores son correctas.
"""


@main.command("new")
@click.argument("question_id")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write [default: ID.md in the current folder].")
def new_command(question_id: str, output: Path | None) -> None:
    """Write a commented starter file for a new question (randomised questions: see `verify variants`)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", question_id):
        click.echo(f"verify: error: id {question_id!r} must be lower-case letters, digits, '.', '_' or '-'", err=True)
        sys.exit(EXIT_USAGE)
    target = output or Path(f"{question_id}.md")
    if target.exists():
        fail(f"{target} exists; choose another name with -o")
    output_file(target, "-o")
    write_output(target, TEMPLATE.format(id=question_id), "-o")
    click.echo(f"wrote {target}: edit it, then run `verify {target}`")


@main.command("import")
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("questions"),
              show_default=True, help="Folder for the question files.")
@click.option("--overwrite", is_flag=True, help="Replace files that already exist.")
@NOTATION
@click.option("--accept-proposals", "accept", is_flag=True,
              help="For a bank: write the proposed notation as declarations (marked as proposed) instead of "
                   "comments, so the files check as `verify check BANK` does.")
def import_command(document: Path | None, output: Path, overwrite: bool, notation: tuple[Path, ...],
                   accept: bool) -> None:
    """Turn a quiz document (headings, numbered options, '**Solución:** La N') or a platform's bank (Moodle
    XML, GIFT) into question files.

    Without DOCUMENT, imports the quiz this project encodes (derivations/source/), as an example. A bank's
    questions keep their stem, options and key (the options its grades mark correct); their notation comes
    from the question file of the same id (--notation, and the built-in quiz), else is proposed, commented
    out. Exit status: 0, 1 when some bank questions could not be read (each is listed), 2 for an error.
    """
    from checker.notation.importer import import_document
    from checker.values.errors import CheckerError

    from .platforms import import_bank_command, looks_like_bank

    if document is not None and looks_like_bank(document):
        import_bank_command(document, output, overwrite, notation, accept)
    if document is None:
        from derivations import DOCUMENT

        document = DOCUMENT
    try:
        written = import_document(document, output, overwrite=overwrite)
    except CheckerError as error:
        fail(str(error))
    except OSError as error:
        fail(f"-o {output}: {error.strerror or error}" if error.filename and str(output) in str(error.filename)
             else _os_message(error))
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"{len(written)} question files; declare their notation, then run `verify {output}`")
