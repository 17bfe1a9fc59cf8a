"""Formulas as written: trees built unevaluated, and the few operations that keep them so.

SymPy evaluates an expression while building it (``x/x`` becomes 1). Trees here are built node by node
with ``evaluate=False`` instead — never through ``sympy.evaluate``'s global switch, which also empties
SymPy's cache each time it is flipped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

import sympy as sp
import sympy.tensor.tensor  # noqa: F401 - SymPy imports it inside the first evaluated sum; paid here, once
from sympy.concrete.gosper import gosper_sum
from sympy.printing.str import StrPrinter

from . import ordered  # noqa: F401 - SymPy's assumption queries in one order (see the module)
from .series import factored_series
from .trees import MAX_DEGREE, beyond_degree, evaluated, within

__all__ = ["MAX_DEGREE", "Rewrite", "beyond_degree", "build", "evaluated", "substitute", "tidy", "unfold", "shown",
           "within"]

_UNEVALUATED = (sp.Add, sp.Mul, sp.Pow, sp.Function, sp.Derivative, sp.Max, sp.Min)
"""The node classes that take ``evaluate=False``; any other is rebuilt as it is."""


def build(func: type, args: Sequence[sp.Basic]) -> sp.Basic:
    """``func(*args)`` without evaluation (a family member's index excepted: ``r[t + 0 + 1]`` is ``r[t + 1]``)."""
    if func is sp.Indexed:
        return sp.Indexed(args[0], *(evaluated(a) for a in args[1:]))
    if isinstance(func, type) and issubclass(func, _UNEVALUATED):
        return func(*args, evaluate=False)
    return func(*args)


def substitute(expr: sp.Basic, mapping: Mapping[sp.Basic, sp.Basic]) -> sp.Basic:
    """``expr`` with atoms replaced, keeping the written form (nothing is evaluated on the way)."""
    if not mapping:
        return expr

    def walk(e: sp.Basic) -> sp.Basic:
        if e in mapping:
            return mapping[e]
        if not e.args:
            return e
        args = [walk(a) for a in e.args]
        if all(new is old for new, old in zip(args, e.args)):
            return e
        return build(e.func, args)

    return walk(expr)


def tidy(expr: sp.Basic) -> sp.Basic:
    """The written form for a reader: factors of 1 and terms of 0 dropped, every division and root kept."""
    if not expr.args:
        return expr
    args = [tidy(a) for a in expr.args]
    if isinstance(expr, sp.Mul):
        args = [a for a in args if a != 1] or [sp.Integer(1)]
    elif isinstance(expr, sp.Add):
        args = [a for a in args if a != 0] or [sp.Integer(0)]
    if isinstance(expr, (sp.Mul, sp.Add)) and len(args) == 1:
        return args[0]
    return build(expr.func, args)


@lru_cache(maxsize=16384)
def unfold(expr: sp.Basic) -> sp.Basic:
    """Carry out derivatives and finite sums of an evaluated expression (exact symbolic calculus): SymPy's
    ``doit(deep=True)``, remembered per subtree, as the search's points, the proof's normal form and its
    constants each need the same derivatives — and a claim that differs from another only outside a derivative
    (the audit's, with one assumption dropped) needs that derivative again.

    A node whose class carries out nothing of its own (SymPy's generic ``doit`` rebuilds it from its arguments
    carried out, evaluated) is rebuilt here the same way from its remembered arguments; any other node — a
    derivative, a sum — is SymPy's ``doit`` itself."""
    doit = type(expr).doit
    if expr.args and doit is _GENERIC_DOIT:
        return expr.func(*(unfold(a) if isinstance(a, sp.Basic) else a for a in expr.args))
    if expr.args and doit is _OPERATION_DOIT:
        return expr.func(*(unfold(a) for a in expr.args), evaluate=True)
    if isinstance(expr, (sp.Sum, sp.Product)) and any(low.is_Integer and high.is_Integer and high < low
                                                      for _, low, high in expr.limits):
        return sp.Integer(0) if isinstance(expr, sp.Sum) else sp.Integer(1)  # an empty range (the README's convention)
    if isinstance(expr, (sp.Sum, sp.Product)) and (beyond_degree(expr) or not _never_reversed(expr)):
        # SymPy's summation would write the body's polynomials out densely; or its closed form, Karr's convention
        # (Σ_{k=3}^{0} k = −3), would stand where the range is empty (0): left as written
        return expr
    if _rational_terms(expr):
        return _summed(expr)
    return expr.doit(deep=True)


def _never_reversed(expr: sp.Sum | sp.Product) -> bool:
    """Whether every range of the sum or product has upper ≥ lower − 1 by the symbols' assumptions: there a closed
    form by Karr's convention is the range's value (an empty range, upper = lower − 1, is 0 or 1 by both)."""
    for _, low, high in expr.limits:
        if not (low.is_infinite or high.is_infinite) and not bool((high - low + 1).is_nonnegative):
            return False
    return True


def _rational_terms(expr: sp.Basic) -> bool:
    """Whether ``expr`` is Σ_{k=a}^{b} of a rational function of k with b not a number (a symbol, or ∞): SymPy's
    summation of such a sum can spend tens of seconds in hypergeometric expansion (Σ_{k≥2} (2k + 1)/((k + 1/3)²(k +
    1)), Σ_{k=1}^{n} 1/((k + 1/3)²(k + 4/3)), Σ_{k≥1} 1/((k + 1/3)²(k² + 2))) and return nan for a convergent one
    (Σ_{k≥2} 1/((k + 1/2)(k + 1)²)), or a closed form through lerchphi and complex infinity."""
    if not isinstance(expr, sp.Sum) or len(expr.limits) != 1 or expr.limits[0][2].is_finite and \
            expr.limits[0][2].is_number:
        return False  # a numeric range is written out term by term
    index, body = expr.limits[0][0], expr.function
    # a polynomial is SymPy's (Faulhaber's sums: Σ k^200 in a second, where Gosper's algorithm takes minutes)
    return not beyond_degree(body) and bool(body.is_rational_function(index)) and not body.is_polynomial(index)


def _summed(expr: sp.Sum) -> sp.Basic:
    """A sum of rational terms (see :func:`_rational_terms`) in closed form: a series free of other symbols through
    Hurwitz ζ and ψ where they have exact values (:meth:`checker.values.series.RationalSeries.closed_form`), else
    Gosper's algorithm (a rational antidifference: telescoping sums); else it is left as written, for
    the evaluator's enclosure (a divergent series too: it has no value)."""
    found = factored_series(expr)  # c·Σ t(k), c free of k
    closed = found[1].closed_form() if found is not None else None
    closed = None if closed is None else found[0] * closed  # type: ignore[index]
    if closed is None:
        closed = _gosper(expr)
    return expr if closed is None or closed.has(sp.nan, sp.zoo, sp.oo, -sp.oo) else closed


GOSPER_DEGREE = 12, 4
"""The largest degree in the index of the numerator and denominator of the terms Gosper's algorithm is tried on,
without and with other symbols in them: SymPy's implementation took 5 s at degree 16, and 12 s at degree 8 with
one parameter (1/((k + x)⁴(k + 2x)⁴))."""


def _gosper(expr: sp.Sum) -> sp.Basic | None:
    index, low, high = expr.limits[0]
    numerator, denominator = sp.fraction(sp.together(expr.function))
    limit = GOSPER_DEGREE[0] if expr.function.free_symbols == {index} else GOSPER_DEGREE[1]
    if max(sp.degree(numerator, index), sp.degree(denominator, index)) > limit:
        return None
    try:
        return gosper_sum(expr.function, (index, low, high))
    except (ValueError, NotImplementedError, sp.PolynomialError):
        return None  # SymPy refusing a corner of its algorithm: no closed form, the sum is left as written


_GENERIC_DOIT, _OPERATION_DOIT = sp.Basic.doit, sp.core.operations.AssocOp.doit


class Rewrite:
    """SymPy's ``expr.replace(query, value)`` for a callable ``query``, each subtree's result remembered across
    calls: the claims of a run rewrite the same subtrees (Z, σ of a margin, exp(r/β)) again and again — the
    audit's claims, which differ from their originals in one symbol, above all.

    The walk is SymPy's own: bottom-up, each node rebuilt from its rewritten arguments and then rewritten itself
    where ``query`` holds, and a node that became one of its old arguments left alone (``replace``'s simultaneous
    walk); so a result is the one ``replace`` gives. ``query`` and ``value`` must be functions of the node alone."""

    LIMIT = 50_000
    """Remembered subtrees at most (then forgotten at once, like the printer's memo)."""

    def __init__(self, query: Callable[[sp.Basic], object], value: Callable[[sp.Basic], sp.Basic | None]) -> None:
        self._query, self._value = query, value
        self._done: dict[sp.Basic, sp.Basic] = {}

    def __call__(self, expr: sp.Basic) -> sp.Basic:
        if len(self._done) > self.LIMIT:
            self._done.clear()
        return self._walk(expr)

    def _walk(self, node: sp.Basic) -> sp.Basic:
        args = getattr(node, "args", None)
        if args is None:
            return node
        done = self._done.get(node)
        if done is not None:
            return done
        out = node
        if args:
            rewritten = tuple(self._walk(a) for a in args)
            if rewritten != args:
                out = node.func(*rewritten)
                # an argument left as it was (the same object) is passed over before any comparison of trees
                if any(old is not new and old != new and out == old for old, new in zip(args, rewritten)):
                    self._done[node] = out  # it became an argument that was rewritten: not rewritten again
                    return out
        if self._query(out):
            value = self._value(out)
            if value is not None and value != out:
                out = value
        self._done[node] = out
        return out


BRIEF_NODES = 400
"""Proof steps print an expression only up to this many nodes (printing a large one costs more than proving it)."""


class _Remembering(StrPrinter):
    """SymPy's string printer, remembering what it printed: a proof's steps print one expression after another
    that share most of their subtrees, and so do a claim's evidence and its cross-check. Printing is a function
    of the tree alone here (no floats reach a claim, and only a float's printing depends on its depth), so a
    remembered text is the text SymPy would print again."""

    LIMIT = 20_000

    def __init__(self, settings: dict[str, object]) -> None:
        super().__init__(settings)
        self._printed: dict[sp.Basic, str] = {}

    def _print(self, expr: object, **kwargs: object) -> str:
        if kwargs or not isinstance(expr, sp.Basic) or isinstance(expr, sp.Float):
            return str(super()._print(expr, **kwargs))
        text = self._printed.get(expr)
        if text is None:
            text = str(super()._print(expr))
            if len(self._printed) >= self.LIMIT:
                self._printed.clear()
            self._printed[expr] = text
        return text


_FAST = _Remembering({"order": "none"})


def fast(expr: sp.Basic) -> str:
    """An expression printed without sorting its terms (SymPy's canonical argument order, deterministic): for
    evidence built while checking, where sorting terms for display costs a third of the time of a claim."""
    return str(_FAST.doprint(expr))


def brief(expr: sp.Basic) -> str:
    """An expression for a proof step: printed in full when small, else summarised by its size."""
    count = 0
    for _ in sp.preorder_traversal(expr):
        count += 1
        if count > BRIEF_NODES:
            return f"(an expression of more than {BRIEF_NODES} nodes)"
    return fast(expr)


def shown(expr: sp.Basic) -> str:
    """A quantity for a message: SymPy's evaluated form (``x - 3``, not ``x - 1*3``)."""
    return str(evaluated(expr))


@lru_cache(maxsize=4096)
def free_atoms(expr: sp.Basic) -> frozenset[sp.Basic]:
    """The atoms a value at a point needs: free symbols, members of indexed families (``r[t + 1]``), applications
    of undefined functions and their derivatives — not the index a sum binds, not a family's name. Remembered:
    reading a file, building its claims and searching them ask about the same sides many times."""
    found: set[sp.Basic] = set()

    def walk(e: sp.Basic, bound: frozenset[sp.Basic]) -> None:
        if isinstance(e, sp.Symbol):
            if e not in bound:
                found.add(e)
        elif isinstance(e, sp.Indexed):
            if any(s in bound for i in e.indices for s in i.free_symbols):
                for index in e.indices:
                    walk(index, bound)
            else:
                found.add(e)
        elif isinstance(e, sp.IndexedBase):
            return
        elif isinstance(e, sp.core.function.AppliedUndef) or (
                isinstance(e, sp.Derivative) and isinstance(e.expr, sp.core.function.AppliedUndef)):
            found.add(e)
            for arg in e.args:
                walk(arg, bound)
        elif hasattr(e, "bound_symbols") and e.args:
            inner = bound | frozenset(e.bound_symbols)
            walk(e.args[0], inner)
            for limit in e.args[1:]:
                for part in (limit.args if isinstance(limit, sp.Tuple) else (limit,)):
                    walk(part, inner if part in e.bound_symbols else bound)
        else:
            for arg in e.args:
                walk(arg, bound)

    walk(expr, frozenset())
    return frozenset(found)
