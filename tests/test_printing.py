"""Evidence is printed by a printer that remembers subtrees it printed: its text must be SymPy's, whatever was
printed before (a proof's steps print expressions that share most of their subtrees)."""

from __future__ import annotations

import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.printing.str import StrPrinter

from checker.values.written import fast

x, y = sp.Symbol("x", real=True), sp.Symbol("y", positive=True)
f = sp.Function("f")
LEAVES = [x, y, sp.Rational(1, 2), sp.Integer(-3), sp.pi, sp.E, f(x), sp.Integer(0)]

def _built(op):  # type: ignore[no-untyped-def]
    """``op`` on the drawn trees, or the first tree where SymPy cannot build the result (a power of an unevaluated
    0 ends in Python's ZeroDivisionError inside SymPy): such an input is not a formula this test can be given."""
    def build(*args):  # type: ignore[no-untyped-def]
        try:
            return op(*args)
        except (ZeroDivisionError, ValueError, TypeError):
            return args[0]
    return build


expressions = st.recursive(
    st.sampled_from(LEAVES),
    lambda inner: st.one_of(
        st.builds(_built(lambda a, b: a + b), inner, inner),
        st.builds(_built(lambda a, b: a - b), inner, inner),
        st.builds(_built(lambda a, b: a * b), inner, inner),
        st.builds(_built(lambda a, b: a / b), inner, st.sampled_from([x, y, 2 + x, sp.Integer(7)])),
        st.builds(_built(lambda a, n: a**n), inner,
                  st.sampled_from([-2, -1, 2, 3, sp.Rational(1, 2), sp.Rational(-1, 3)])),
        st.builds(_built(sp.exp), inner),
        st.builds(_built(sp.log), inner),
        st.builds(_built(sp.Abs), inner),
        st.builds(_built(lambda a: -a), inner),
        st.builds(_built(lambda a, b: sp.Add(a, b, evaluate=False)), inner, inner),
        st.builds(_built(lambda a, b: sp.Mul(a, b, evaluate=False)), inner, inner),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(expressions, min_size=1, max_size=6))
def test_the_remembering_printer_prints_what_sympy_prints(trees: list[sp.Basic]) -> None:
    plain = StrPrinter({"order": "none"})
    # each tree, then its subtrees again inside larger ones: what a proof's steps print one after the other
    for tree in trees + [sp.Add(*trees, evaluate=False), sp.Mul(*trees, evaluate=False), -trees[0]]:
        assert _printed(fast, tree) == _printed(plain.doprint, tree)


def _printed(printer, tree: sp.Basic) -> str:  # type: ignore[no-untyped-def]
    """The text, or the kind of error SymPy's printer raises (a product with nan cannot be ordered)."""
    try:
        return str(printer(tree))
    except (TypeError, ValueError) as error:
        return f"raises {type(error).__name__}"


def test_the_same_subtree_prints_alike_in_any_context() -> None:
    """A negative power prints as a division inside a product, a negative term as a subtraction inside a sum:
    those choices belong to the enclosing node, so a subtree printed alone first changes nothing."""
    plain = StrPrinter({"order": "none"})
    for tree in (1 / (x + 1), -(x + 1), x**-2, sp.Rational(-1, 2) * x):
        assert fast(tree) == plain.doprint(tree)
        for context in (y * tree, tree + y, y - tree, tree**2, sp.exp(tree), y / tree):
            assert fast(context) == plain.doprint(context)


def test_sides_that_are_the_same_number_are_printed_briefly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A strict relation that fails because its two sides are the same irrational number shows their enclosures
    to 12 digits: no number of digits separates equal values (it had printed 320 digits of each)."""
    from checker import Status, check
    from checker.questions.loading import load_question

    from .test_traps import Trap, _file

    claim = load_question(_file(tmp_path, Trap("same", "p: 'interval (0, 1)'",
                                                r"-p\log p - (1-p)\log(1-p) < \log 2", None))).options[0].claim
    assert claim is not None
    verdict = check(claim)
    example = verdict.counterexample
    assert verdict.status is Status.REFUTED and example is not None and "same number" in example.note
    assert len(example.enclosure.lhs) < 40 and len(example.enclosure.rhs) < 40, example.enclosure
