"""The ``verify`` group: how a run ends (exit codes, messages, Ctrl-C), and the typed options every command uses.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from checker import __version__
from checker.values.printable import printable

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def fail(message: str) -> NoReturn:
    """One error line and exit status 2: the way every usage or input problem ends."""
    click.echo(f"verify: error: {printable(message)}", err=True)
    sys.exit(EXIT_USAGE)


def _os_message(error: OSError) -> str:
    what = error.strerror or str(error)
    return f"{error.filename}: {what}" if error.filename else what


def _bound(value: float) -> str:
    """A range's end as a person reads it: 1,048,576 rather than 1.04858e+06, 0.1 as 0.1."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


class Number(click.ParamType):
    """A finite number within bounds: ``inf``, ``nan`` and absurd values are usage errors, not crashes."""

    def __init__(self, kind: type, low: float, high: float, unit: str = "") -> None:
        self.kind, self.low, self.high, self.unit = kind, low, high, unit
        self.name = "integer" if kind is int else "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number: float
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            try:
                number = int(text) if self.kind is int else float(text)
            except ValueError:
                self.fail(f"{value!r} is not {'an integer' if self.kind is int else 'a number'}", param, ctx)
        if self.kind is float and not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        if not self.low <= number <= self.high:
            unit = f" {self.unit}" if self.unit else ""
            low, high = (int(self.low), int(self.high)) if self.kind is int else (self.low, self.high)
            self.fail(f"{value} is out of range: give {_bound(low)}{unit} to {_bound(high)}{unit}", param, ctx)
        return number


TIMEOUT = Number(float, 0.1, 86_400, "s")


JOBS = Number(int, 1, 512)


MEMORY = Number(int, 64, 1 << 20, "MiB")


COUNT = Number(int, 1, 100_000)


SEED = Number(int, 0, 2**62)


def output_file(path: Path | None, option: str) -> Path | None:
    """Check before any work that ``path`` can be written: its folder exists and is writable."""
    if path is None:
        return None
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        fail(f"{option} {path}: is a folder; give a file name")
    if not folder.is_dir():
        fail(f"{option} {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        fail(f"{option} {path}: cannot write there (permission denied)")
    return path


def write_output(path: Path, text: str | bytes, option: str) -> None:
    try:
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"{option} {path}: could not write: {error.strerror or error}")


class _DefaultGroup(click.Group):
    """A group whose unnamed invocation runs ``check``: ``verify q06`` is ``verify check q06``.

    Every way a run can end goes through :meth:`main`: a usage error, an unwritable file, a Ctrl-C or a bug
    is one ``verify: error: …`` line and exit status 2, never a traceback (``VERIFY_DEBUG=1`` shows it).
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:  # noqa: C901 - one place for every way a run ends
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.ctx.get_help() if error.ctx else str(error))
            sys.exit(EXIT_USAGE)
        except click.UsageError as error:
            where = f" (see `verify {error.ctx.command.name} --help`)" if error.ctx and error.ctx.command.name \
                not in (None, "main") else " (see `verify --help`)"
            fail(f"{error.format_message()}{where}".replace("\n", " "))
        except (click.Abort, KeyboardInterrupt):
            fail("interrupted (Ctrl-C)")
        except click.ClickException as error:
            fail(error.format_message())
        except BrokenPipeError:
            # the reader of our output went away (`verify | head`): say so once, and let nothing flush again
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            fail("standard output was closed before the report was written (broken pipe)")
        except OSError as error:
            fail(_os_message(error))
        except SystemExit:
            raise
        except Exception as error:  # noqa: BLE001 - the last resort: a bug is still one line, and says so
            if os.environ.get("VERIFY_DEBUG"):
                raise
            fail(f"internal error ({type(error).__name__}: {error}); run with VERIFY_DEBUG=1 for the traceback "
                 "and please report it")
        sys.exit(code if isinstance(code, int) else EXIT_OK)


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="verify")
def main() -> None:
    """Check the mathematics of multiple-choice questions and their answer keys.

    Run without a command to check (see `verify check --help`): `verify` checks the built-in RLHF quiz,
    `verify q06` one of its questions, `verify my-questions/` a folder of question files.
    """
