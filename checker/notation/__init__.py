"""Notation: LaTeX in, SymPy values out — the one LaTeX adapter, and the import of quiz documents.

Owns the adapter (:mod:`.latex`: one spelling, scanner, constructs, parser walk, parse cache), the import of
a Markdown or LaTeX quiz into draft question files (:mod:`.importer`) and the declarations proposed for
what a draft mentions (:mod:`.proposals`).
May import: :mod:`checker.values`. Independent of :mod:`checker.engine`: reading a formula never judges it.
"""
