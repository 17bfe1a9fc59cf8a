"""``python -m derivations``: rebuild what ships with the document — the LaTeX parse cache of its files, and
the verdicts of a ``verify --audit`` run on it (valid for the engine that made them)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from checker.engine.cache import ResultCache, ShippedResults
from checker.notation.latex import use_caches
from checker.notation.latex.cache import ParseCache
from checker.questions.runs import audit_items, check_items

from . import PARSE_CACHE, VERDICTS, bank, chains


def main() -> None:
    PARSE_CACHE.unlink(missing_ok=True)
    cache = ParseCache(PARSE_CACHE)
    use_caches(cache)
    items = [*bank(), *chains()]
    cache.save()
    if cache.entries:  # formulas the arithmetic reader leaves to the parser; none, for this document
        print(f"wrote {len(cache.entries)} parsed formulas to {PARSE_CACHE}")
    with tempfile.TemporaryDirectory() as folder:
        results = ResultCache(Path(folder))
        checked, derived = check_items(items, cache=results)
        audit_items(checked, derived, cache=results)
        verdicts, notes = ShippedResults.write(VERDICTS, results)
    print(f"wrote {verdicts} verdicts and {notes} definedness probes to {VERDICTS}")


main()
