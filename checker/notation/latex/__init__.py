"""The one LaTeX adapter: declared notation in, SymPy out, and never a silent misparse.

The parser underneath is ``latex2sympy2_extended`` (the maintained fork of latex2sympy2). Left to itself it
reads ``\\log`` as base 10, ``\\gamma`` as Euler's constant, ``\\gamma^k r`` as the gamma function,
``\\sigma(x - y)`` as a product, ``\\coth(x)`` as cot(h(x)), ``\\frac{d^2}{dx^2}`` as a fraction, ``0.9`` as a
float, and drops a prime or a degree sign. So the adapter never lets it see an identifier:

1. :mod:`.tex` writes the formula in one spelling (``\\frac12`` → ``\\frac{1}{2}``, ``x^2y`` → ``x^{2}y``,
   ``\\dfrac`` → ``\\frac``, sizing and spacing dropped, ``1{,}5`` a decimal comma where the quiz's language
   has one);
2. :mod:`.scanner` replaces every declared fragment, function application, constant and number by a
   placeholder, and reads derivatives (:mod:`.calculus`), sums, products and maxima over a range
   (:mod:`.sums`) and expectations (:mod:`.expectations`) itself; any other identifier or command is an
   error naming it, with its column and a hint that cannot lead to a misparse;
3. :mod:`.reader` hands the rest to the parser (through :mod:`.cache`) and walks its tree once, accepting
   only arithmetic, relations and the elementary functions of :mod:`.elementary`.
"""

from __future__ import annotations

# the constructs join the scanner's registry (:mod:`.constructs`) as they are imported
from . import calculus, expectations, sums  # noqa: F401
from .notation import (
    Distribution,
    Function,
    LatexError,
    Notation,
    entropy,
    fragment_pattern,
    kl_divergence,
    logistic,
    spelling,
    undefined_function,
)
from .reader import MAX_BITS, MAX_DEPTH, MAX_LENGTH, Relations, caches, parse, use_caches

__all__ = ["Distribution", "Function", "LatexError", "MAX_BITS", "MAX_DEPTH", "MAX_LENGTH", "Notation",
           "Relations", "caches", "fragment_pattern", "entropy", "kl_divergence", "logistic", "parse", "spelling",
           "undefined_function", "use_caches"]
