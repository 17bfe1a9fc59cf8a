"""Computations the engine remembers subtree by subtree must give what SymPy computes on the whole tree: a
remembered derivative or sum is carried out once per run, whichever claim asked first."""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine.logs import _split_log, _splittable
from checker.engine.normal import _split
from checker.engine.points import _linear_in, repairs
from checker.values.functions import guarded, sigmoid
from checker.values.written import Rewrite, unfold

x, y = sp.Symbol("x", real=True), sp.Symbol("y", positive=True)
k, n = sp.Symbol("k", integer=True, nonnegative=True), sp.Symbol("n", integer=True, positive=True)
r = sp.IndexedBase("r")
f = sp.Function("f")
LEAVES = [x, y, sp.Rational(1, 2), sp.Integer(-3), sp.pi, f(x), f(y), r[k], sp.Integer(0)]

expressions = st.recursive(
    st.sampled_from(LEAVES),
    lambda inner: st.one_of(
        st.builds(lambda a, b: a + b, inner, inner),
        st.builds(lambda a, b: a * b, inner, inner),
        st.builds(lambda a, b: sp.Add(a, b, evaluate=False), inner, inner),
        st.builds(lambda a, b: sp.Mul(a, b, evaluate=False), inner, inner),
        st.builds(lambda a, e: sp.Pow(a, e, evaluate=False), inner, st.sampled_from([-1, 2, sp.Rational(1, 2)])),
        st.builds(sp.exp, inner),
        st.builds(sp.log, inner),
        st.builds(sigmoid, inner),
        st.builds(sp.Abs, inner),
        st.builds(lambda a: sp.Abs(sp.Abs(a, evaluate=False), evaluate=False), inner),
        st.builds(lambda a, b: sp.Max(a, b, evaluate=False), inner, inner),
        st.builds(lambda a: guarded(a, x, evaluate=False), inner),
        # derivatives carried out, and left as written (of an unknown function)
        st.builds(lambda a, v: sp.Derivative(a, v), inner, st.sampled_from([x, y])),
        st.builds(lambda a: sp.Derivative(a, x, 2), inner),
        # finite and infinite sums, a finite product
        st.builds(lambda a: sp.Sum(a * k, (k, 0, 3)), inner),
        st.builds(lambda a: sp.Sum(a * sp.Rational(1, 2) ** k, (k, 0, sp.oo)), inner),
        st.builds(lambda a: sp.Sum(r[k] * a, (k, 0, n)), inner),
        st.builds(lambda a: sp.Product(a + k, (k, 1, 2)), inner),
        st.builds(lambda a, b: sp.Piecewise((a, sp.Eq(x, 1)), (b, True)), inner, inner),
    ),
    max_leaves=10,
)


def _outcome(compute: Callable[[sp.Basic], sp.Basic], tree: sp.Basic) -> object:
    """What a computation gives on a tree: its result, or the type of what it raised (whatever SymPy raises, the
    remembered computation must raise the same)."""
    try:
        return compute(tree)
    except Exception as error:  # noqa: BLE001 - compared, not handled
        return type(error)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(expressions, min_size=1, max_size=4))
def test_unfolding_subtree_by_subtree_is_sympys_doit(trees: list[sp.Basic]) -> None:
    # each tree, then inside a larger one: the second call meets its subtrees remembered
    for tree in [*trees, sp.Add(*trees, evaluate=False), sp.Derivative(sp.Mul(*trees, evaluate=False), x)]:
        # where SymPy's doit fails (it can: an IndexError inside gosper_sum for a term with 1/0), unfold fails alike
        assert _outcome(unfold, tree) == _outcome(lambda t: t.doit(deep=True), tree), tree


REWRITES = {
    "σ": (lambda e: isinstance(e, sigmoid), lambda e: 1 / (1 + sp.exp(-e.args[0]))),
    "exp of a sum": (lambda e: isinstance(e, sp.exp), _split),
    "log of a product": (_splittable, _split_log),
    # a rewrite whose result contains what it matched, and one that makes a rebuilt node equal to the old argument
    # it came from (||x|| → |x| → x): replace's simultaneous walk rewrites neither twice
    "|x| nested": (lambda e: isinstance(e, sp.Abs), lambda e: sp.Abs(e.args[0] + 1, evaluate=False)),
    "|x| stripped": (lambda e: isinstance(e, sp.Abs), lambda e: e.args[0]),
}
positive = sp.Symbol("p", positive=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(expressions, min_size=1, max_size=4),
       st.lists(st.sampled_from([positive, sp.Abs(x), x, 2]), min_size=1, max_size=3))
def test_a_remembered_rewrite_is_sympys_replace(trees: list[sp.Basic], factors: list[sp.Basic]) -> None:
    # each rewrite's memo is fresh per example, then warm: the trees share subtrees, and are met again inside a
    # larger tree (a log of a product of the sampled factors among them)
    bigger = sp.Add(*trees, sp.log(sp.Mul(*factors, evaluate=False), evaluate=False), evaluate=False)
    for query, value in REWRITES.values():
        remembered = Rewrite(query, value)
        for tree in [*trees, bigger, *trees]:
            assert _outcome(remembered, tree) == _outcome(lambda t, q=query, v=value: t.replace(q, v), tree), tree


def test_linear_forms_are_remembered_per_quantity_and_filtered_per_claim() -> None:
    """A critical quantity linear in some of its symbols gives a repair for each; a distribution's entries (whose
    values move together) never get one, whichever claim asked about the quantity first."""
    from checker import Scope

    plain, grouped = Scope(), Scope()
    a, b = plain.real("a"), plain.real("b")
    p1, p2 = grouped.distribution(["p1", "p2"])
    c = grouped.real("c")
    quantity = a * b - 1 + a
    assert {(s, slope, offset) for s, slope, offset in
            ((rep.symbol, rep.slope, rep.offset) for rep in _linear_in(quantity))} == {(a, b + 1, -1), (b, a, a - 1)}
    first = plain.identity(1 / quantity, 1 / quantity, "1/(ab − 1 + a)")
    assert {rep.symbol for rep in repairs(first)} == {a, b}
    mixed = p1 * c - p2
    second = grouped.identity(1 / mixed, 1 / mixed, "1/(p₁c − p₂)")
    assert {rep.symbol for rep in _linear_in(mixed)} == {c, p1, p2}
    assert {rep.symbol for rep in repairs(second)} == {c}
