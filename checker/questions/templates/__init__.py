"""Randomised questions: a question file with ``parameters`` is a template, and each seed draws one variant.

A template is a question file whose header declares ``parameters`` (drawn in the order written) and, if
needed, ``conditions`` a draw must meet. The body and the header use a parameter as ``@name`` (a letter,
then letters or digits; ``@`` never occurs in LaTeX math, so a placeholder cannot be mistaken for a group).
A variant is the file with every placeholder replaced by its value — in formulas as LaTeX (``\\frac{3}{4}``,
``(-2)``), elsewhere as text (``3/4``) — read by the question-file loader like any other file, so a variant
is checked, reported and exported exactly as a question. Its id is the template's followed by ``-s`` and
its seed, and that seed alone reproduces it (``verify variants FILE --seed 17 -n 1``).

Parameters (the header's ``parameters`` mapping, name → spec):

- ``{integer: [lo, hi]}`` (optional ``step``, ``exclude: [...]``), ``{rational: ['1/4', '3'], step: '1/4'}``,
  ``{decimal: [0.05, 0.95], step: 0.05}`` (written as a decimal), uniform over the values of the range;
- ``{choice: [...]}``: one of the numbers or texts listed;
- ``{probabilities: n, denominator: d}``: n positive rationals with denominator d summing to 1 (uniform over
  the ways to split d into n positive parts); ``@P`` is the list, ``@P1`` … ``@Pn`` its entries;
- ``{value: 'LaTeX'}``: a value computed exactly from the parameters above it (``'@a + 2 @b'``).

Nothing in a template is executed: values are exact fractions, computed values and conditions go through
the LaTeX adapter and are decided by exact or interval arithmetic (:func:`checker.engine.judgement.decide`).

The steps, one module each: :mod:`.parameters` (declared, checked) → :mod:`.draw` (values from a seed, the
conditions) → :mod:`.instantiate` (values written into the file, read as a question file through the
public interface of :mod:`checker.questions.files`) → :mod:`.validate` (variants checked and summarised);
:mod:`.placeholders` holds the values and how they are written into LaTeX and text.
"""

from __future__ import annotations

from .draw import MAX_DRAWS, Draw
from .instantiate import Template, is_template, load_template
from .parameters import MAX_RANGE, TemplateError
from .placeholders import PLACEHOLDER, Number, substitute_math, substitute_text, terminates
from .validate import VARIANT_TRIES, Selection, Summary, VariantResult, templates_among, validated_variants

__all__ = ["Draw", "MAX_DRAWS", "MAX_RANGE", "Number", "PLACEHOLDER", "Selection", "Summary", "Template",
           "TemplateError", "VARIANT_TRIES", "VariantResult", "is_template", "load_template", "substitute_math",
           "substitute_text", "templates_among", "terminates", "validated_variants"]
