"""The LaTeX adapter: every notation the question files use, and no silent misparse."""

from __future__ import annotations

import pytest
import sympy as sp

from checker import sigmoid
from checker.notation.latex import LatexError, Notation, Relations, kl_divergence, logistic, parse
from checker.values.written import evaluated

BETA = sp.Symbol("β", positive=True)
GAMMA = sp.Symbol("γ", nonnegative=True)
THETA = sp.Symbol("θ", real=True)
R1, R2 = sp.symbols("r_1 r_2", real=True)
PI_THETA = sp.Symbol("π_θ(y_1 | x)", positive=True)
PI_REF = sp.Symbol("π_ref(y_1 | x)", positive=True)
Y1, Y2 = sp.symbols("|y_1| |y_2|", integer=True, nonnegative=True)
P = [sp.Rational(9, 25), sp.Rational(12, 25), sp.Rational(4, 25)]
Q = [sp.Rational(1, 3)] * 3

NOTATION = Notation(
    {r"\beta": BETA, r"\gamma": GAMMA, r"\theta": THETA, "r_1": R1, "r_2": R2,
     r"\pi_\theta(y_1 | x)": PI_THETA, r"\pi_{\text{ref}}(y_1 | x)": PI_REF, "|y_1|": Y1, "|y_2|": Y2},
    {r"\sigma": logistic(), r"\mathbb{D}_{\text{KL}}": kl_divergence({"P": P, "Q": Q})},
)


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\log r_1", sp.log(R1)),
        (r"\ln r_1", sp.log(R1)),
        (r"\log_{2} r_1", sp.log(R1) / sp.log(2)),
        (r"e^{r_1 - r_2}", sp.exp(R1 - R2)),
        (r"\exp\left(\frac{1}{\beta} r_1\right)", sp.exp(R1 / BETA)),
        (r"\gamma^2 r_1", GAMMA**2 * R1),
        (r"\beta \log \frac{\pi_\theta(y_1|x)}{\pi_{\text{ref}}(y_1 | x)}", BETA * sp.log(PI_THETA / PI_REF)),
        (r"\sigma(r_1 - r_2)", sigmoid(R1 - R2)),
        (r"\sigma\left(\beta(r_1 - r_2)\right)", sigmoid(BETA * (R1 - R2))),
        (r"\theta(|y_2| - |y_1|)", THETA * (Y2 - Y1)),
        (r"\frac{e^{r_1}}{e^{r_1} + e^{r_2}}", sp.exp(R1) / (sp.exp(R1) + sp.exp(R2))),
        (r"0.9 r_1", sp.Rational(9, 10) * R1),
        (r"\sqrt{\beta}", sp.sqrt(BETA)),
        (r"|r_1 - r_2|", sp.Abs(R1 - R2)),
        (r"\mathbb{D}_{\text{KL}}(P \| Q)", sum(p * sp.log(p / q) for p, q in zip(P, Q))),
    ],
    ids=["log-is-natural", "ln", "log-base-2", "e-power-is-exp", "exp-left-right", "declared-gamma-is-a-symbol",
         "policy-ratio", "sigma-is-logistic", "sigma-left-right", "juxtaposition-is-product", "bradley-terry",
         "decimal-is-exact", "sqrt", "abs-bars", "kl-of-declared-distributions"],
)
def test_notation_is_read_as_declared(latex: str, expected: sp.Expr) -> None:
    """The formula, once SymPy evaluates it, is the expression the notation declares."""
    assert evaluated(parse(latex, NOTATION)) == expected


@pytest.mark.parametrize(
    ("latex", "written"),
    [(r"\frac{r_1}{r_1}", "r_1/r_1"), (r"e^{\ln r_1}", "exp(log(r_1))"), (r"r_1 - r_1", "-r_1 + r_1"),
     (r"\sqrt{r_1}^2", "(sqrt(r_1))**2"), (r"\frac{1}{0}", "1/0")],
    ids=["division-kept", "exp-of-log-kept", "difference-kept", "root-squared-kept", "division-by-zero-kept"],
)
def test_formula_is_kept_as_written(latex: str, written: str) -> None:
    """Nothing is evaluated while the formula is built: a pole or a log's domain survives to the checker."""
    assert str(parse(latex, NOTATION)) == written


def test_pi_theta_is_never_the_constant_pi() -> None:
    value = parse(r"\pi_\theta(y_1 | x)", NOTATION)
    assert value == PI_THETA and not value.has(sp.pi)


@pytest.mark.parametrize(
    ("latex", "parts"),
    [
        (r"r_1 = \frac{1}{1 + e^{r_2 - r_1}}", ((R1, "=", 1 / (1 + sp.exp(R2 - R1))),)),
        (r"r_1 < 0.9", ((R1, "<", sp.Rational(9, 10)),)),
        (r"r_1 \geq 0.9", ((R1, ">=", sp.Rational(9, 10)),)),
        (r"r_1 \leq r_2", ((R1, "<=", R2),)),
        (r"r_1 > r_2", ((R1, ">", R2),)),
        (r"r_1 < 0.09 < r_2", ((R1, "<", sp.Rational(9, 100)), (sp.Rational(9, 100), "<", R2))),
        ("2 < 3", ((2, "<", 3),)),
    ],
    ids=["equation", "less", "geq", "leq", "greater", "chain-is-a-conjunction", "constants-left-to-the-checker"],
)
def test_relations_are_kept_unevaluated(latex: str, parts: tuple) -> None:  # type: ignore[type-arg]
    value = parse(latex, NOTATION)
    assert isinstance(value, Relations)
    assert {(evaluated(a), op, evaluated(b)) for a, op, b in value.parts} == set(parts)


def test_a_numeric_comparison_is_not_decided_by_the_parser() -> None:
    """SymPy would turn KL < 0.9 into True by floating-point evaluation; the adapter keeps the relation."""
    value = parse(r"\mathbb{D}_{\text{KL}}(P \| Q) < 0.9", NOTATION)
    assert isinstance(value, Relations) and value.parts[0][1] == "<"


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        ("q + r_1", "undeclared identifier 'q' at column 1 of $q + r_1$ (hint: declare `q` under symbols)"),
        ("r_1 + f(r_2)", "undeclared identifier 'f' at column 7 of $r_1 + f(r_2)$ "
                         "(hint: declare `'f': function` under functions (a smooth function left undefined), "
                         "or `f(r_2)` under symbols (one quantity))"),
        (r"\pi(r_1)", r"\pi followed by '(' is ambiguous at column 1"),
        (r"r_1 + \foo", r"unsupported construct \foo at column 7"),
        (r"\gamma'", "a prime needs a declared function"),
        ("r_1^{T}", "undeclared identifier 'T' at column 6"),
        (r"\frac{r_1}{", "cannot parse"),
        (r"r_1 \in r_2", r"unsupported construct \in"),
        (r"\sigma r_1", r"\sigma must be applied to arguments in parentheses at column 1"),
        (r"\sigma(r_1 < r_2)", r"an argument of \sigma is a relation"),
        (r"\mathbb{D}_{\text{KL}}(P \| R)", "'R' is not a declared distribution"),
        (r"\sum r_1", r"a sum or product needs its range"),
        (r"\mathbb{R}", r"undeclared notation '\mathbb{R}'"),
        ("  ", "empty formula"),
        (r"r_1 \| r_2", "‖ is only understood inside a declared KL notation"),
        ("__import__('os').system('true')", "undeclared identifier"),
        (r"\nabla r_1", r"write a gradient with its variable, \nabla_\theta f"),
        (r"\partial r_1", r"write partial derivatives as \frac{\partial}{\partial x} f"),
        (r"\langle r_1, r_2 \rangle", "inner products are not supported"),
        (r"r_1^\top", "quantities are scalars"),
        (r"\Pr(r_1)", "declare the probability as one quantity under symbols"),
    ],
    ids=["undeclared-symbol", "undeclared-function", "pi-followed-by-parenthesis", "unknown-command", "prime",
         "transpose", "unbalanced", "set-membership", "function-without-parentheses", "relation-as-argument",
         "unknown-distribution", "sum-without-range", "blackboard-letter", "empty", "norm-bars", "python-payload",
         "bare-nabla", "bare-partial", "inner-product", "transpose-sign", "probability-operator"],
)
def test_unreadable_formulas_are_errors_with_position_and_hint(latex: str, message: str) -> None:
    with pytest.raises(LatexError) as caught:
        parse(latex, NOTATION)
    assert message in str(caught.value)
