"""Every construct of the LaTeX adapter, parsed and compared with a hand-written SymPy expression at random points
(a misparse fails), and read back through the parse cache unchanged."""

from __future__ import annotations

import cmath
import random
from pathlib import Path

import pytest
import sympy as sp

from checker import sigmoid
from checker.notation.latex import LatexError, Notation, Relations, logistic, parse, undefined_function, use_caches
from checker.notation.latex.cache import ParseCache
from checker.values.written import evaluated

X, Y = sp.symbols("x y", real=True)
A, B = sp.symbols("a b", positive=True)
N = sp.Symbol("n", integer=True, nonnegative=True)
THETA = sp.Symbol("θ", real=True)
F = sp.Function("f", real=True)
R = sp.IndexedBase("r", real=True)
K = sp.Symbol("k", integer=True)
HAT = sp.Symbol("x̂", real=True)
NOTATION = Notation({"x": X, "y": Y, "a": A, "b": B, "n": N, r"\theta": THETA, r"\hat{x}": HAT},
                    {r"\sigma": logistic(), "f": undefined_function("f")}, {"r": R})
SPANISH = Notation({"x": X}, decimal_comma=True)

CONSTRUCTS = [
    # derivatives
    ("derivative-operator", r"\frac{d}{dx} x^3", 3 * X**2),
    ("derivative-fraction", r"\frac{d x^3}{dx}", 3 * X**2),
    ("partial-operator", r"\frac{\partial}{\partial x} x^2 y", 2 * X * Y),
    ("partial-fraction", r"\frac{\partial x^2 y}{\partial y}", X**2),
    ("second-derivative", r"\frac{d^2}{dx^2} x^4", 12 * X**2),
    ("mixed-partial", r"\frac{\partial^2}{\partial x \partial y} x^2 y^3", 6 * X * Y**2),
    ("operand-is-the-term", r"\frac{d}{dx} x^2 + 1", 2 * X + 1),
    ("derivative-of-bracket", r"\frac{d}{dx}\left[x^2 + x\right]", 2 * X + 1),
    ("derivative-of-logistic", r"\frac{d}{dx}\sigma(x)", sigmoid(X) * (1 - sigmoid(X))),
    ("prime-of-logistic", r"\sigma'(x)", sigmoid(X) * (1 - sigmoid(X))),
    ("second-prime", r"\sigma''(x)", sp.diff(sigmoid(X), X, 2)),
    ("prime-of-undefined", r"f'(\theta)", sp.Derivative(F(THETA), THETA)),
    ("nabla", r"\nabla_\theta \theta^2", 2 * THETA),
    ("nabla-of-log", r"\nabla_{\theta} \log f(\theta)", sp.Derivative(F(THETA), THETA) / F(THETA)),
    ("mathrm-d", r"\frac{\mathrm{d}}{\mathrm{d}x} x^2", 2 * X),
    # sums and products
    ("finite-sum", r"\sum_{k=1}^{4} k x^k", X + 2 * X**2 + 3 * X**3 + 4 * X**4),
    ("symbolic-sum", r"\sum_{k=0}^{n} k", N * (N + 1) / 2),
    ("product", r"\prod_{k=1}^{3} (x + k)", (X + 1) * (X + 2) * (X + 3)),
    ("sum-of-family", r"\sum_{k=0}^{2} x^k r_{k+1}", R[1] + X * R[2] + X**2 * R[3]),
    ("range-maximum", r"\max_{k=1}^{3} k x", sp.Max(X, 2 * X, 3 * X)),
    ("sum-then-term", r"\sum_{k=1}^{2} k + x", 3 + X),
    # piecewise, groups, softmax (issue 21)
    ("clip", r"\operatorname{clip}(x, -1, 2)", sp.Min(sp.Max(X, -1), 2)),
    ("softmax", r"\operatorname{softmax}(x, y)_2", sp.exp(Y) / (sp.exp(X) + sp.exp(Y))),
    ("softmax-index-before", r"\operatorname{softmax}_1(x, y, 1)", sp.exp(X) / (sp.exp(X) + sp.exp(Y) + sp.E)),
    ("log-softmax", r"\operatorname{logsoftmax}(x, y)_1", X - sp.log(sp.exp(X) + sp.exp(Y))),
    ("group-mean", r"\operatorname{mean}(x, y, 1)", (X + Y + 1) / 3),
    ("group-variance", r"\operatorname{Var}(x, y)", ((X - Y) / 2) ** 2),
    ("group-std", r"\operatorname{std}(x, y, 0)", sp.sqrt(((2 * X - Y) ** 2 + (2 * Y - X) ** 2 + (X + Y) ** 2) / 27)),
    ("logit", r"\operatorname{logit}(\frac{1}{1 + a})", sp.log(1 / A)),
    ("sigmoid-named", r"\operatorname{sigmoid}(x)", sigmoid(X)),
    # elementary functions and constants
    ("sine-squared", r"\sin^2 x + \cos^2 y", sp.sin(X) ** 2 + sp.cos(Y) ** 2),
    ("tangent", r"\tan x", sp.tan(X)),
    ("secant", r"\sec x", sp.sec(X)),
    ("inverse-sine", r"\arcsin\frac{x}{5}", sp.asin(X / 5)),
    ("inverse-power-notation", r"\sin^{-1} \frac{x}{5}", sp.asin(X / 5)),
    ("inverse-tangent", r"\arctan x", sp.atan(X)),
    ("hyperbolic", r"\sinh x + \cosh x + \tanh x", sp.sinh(X) + sp.cosh(X) + sp.tanh(X)),
    ("hyperbolic-cotangent", r"\coth(x + 3)", sp.coth(X + 3)),
    ("hyperbolic-secant", r"\operatorname{sech}(x)", sp.sech(X)),
    ("inverse-hyperbolic", r"\operatorname{arsinh}(x)", sp.asinh(X)),
    ("absolute-bars", r"|x - y|", sp.Abs(X - Y)),
    ("absolute-left-right", r"\left| x \right|", sp.Abs(X)),
    ("absolute-lvert", r"\lvert x \rvert", sp.Abs(X)),
    ("sign", r"\operatorname{sgn}(x)", sp.sign(X)),
    # an unbracketed argument ends at an explicit product or quotient, as a reader takes it
    ("function-then-cdot", r"\sin x \cdot \cos y", sp.sin(X) * sp.cos(Y)),
    ("function-then-slash", r"\exp x / y", sp.exp(X) / Y),
    ("log-of-number-then-times", r"\ln 2 \times x", sp.log(2) * X),
    ("power-of-function-then-cdot", r"\sin^2 x \cdot y", sp.sin(X) ** 2 * Y),
    ("braced-argument-then-cdot", r"\arctan{x} \cdot y", sp.atan(X) * Y),
    ("nested-functions-then-cdot", r"\sin \cos x \cdot y", sp.sin(sp.cos(X)) * Y),
    ("juxtaposed-argument-then-cdot", r"\cos 2x \cdot y", sp.cos(2 * X) * Y),
    ("error-function", r"\operatorname{erf}(x) + \operatorname{erfc}(y)", sp.erf(X) + sp.erfc(Y)),
    ("softplus", r"\operatorname{softplus}(x)", sp.log(1 + sp.exp(X))),
    ("floor-ceiling", r"\lfloor x \rfloor + \lceil y \rceil", sp.floor(X) + sp.ceiling(Y)),
    ("factorial", r"(n+1)!", sp.factorial(N + 1)),
    ("binomial", r"\binom{n}{2}", sp.binomial(N, 2)),
    ("pi", r"2\pi x", 2 * sp.pi * X),
    ("e-constant", r"e^{x} + e", sp.exp(X) + sp.E),
    ("mathrm-e", r"\mathrm{e}^{2}", sp.exp(2)),
    ("exp-command", r"\exp\left(\frac{x}{2}\right)", sp.exp(X / 2)),
    ("natural-log", r"\ln x + \log y", sp.log(X) + sp.log(Y)),
    ("log-base", r"\log_{2} x", sp.log(X) / sp.log(2)),
    ("cube-root", r"\sqrt[3]{x}", sp.real_root(X, 3)),
    # LaTeX as people type it
    ("frac-one-half", r"\frac12 x", X / 2),
    ("frac-one-over-x", r"\frac1x", 1 / X),
    ("frac-nine-quarters", r"\frac94", sp.Rational(9, 4)),
    ("sqrt-two", r"\sqrt2 x", sp.sqrt(2) * X),
    ("sqrt-space-two", r"\sqrt 2", sp.sqrt(2)),
    ("dfrac", r"\dfrac{x}{y}", X / Y),
    ("tfrac", r"\tfrac{x}{2}", X / 2),
    ("cfrac", r"\cfrac{1}{1 + \cfrac{1}{x}}", 1 / (1 + 1 / X)),
    ("spacing", r"x \, y \; + \! 2 \quad x", X * Y + 2 * X),
    ("cdot-times", r"x \cdot y \times 2", 2 * X * Y),
    ("unbraced-exponent", r"e^x e^y", sp.exp(X) * sp.exp(Y)),
    ("unbraced-exponent-one-token", r"x^2y", X**2 * Y),
    ("greek-exponent", r"x^\theta", X**THETA),
    ("implicit-product", r"xy + ab", X * Y + A * B),
    ("implicit-product-in-log", r"\log(ab)", sp.log(A * B)),
    ("decimal", r"0.25 x", X / 4),
    ("brackets", r"[x + 1] \{y\}", (X + 1) * Y),
    ("percent", r"50\% x + 12.5 \%", X / 2 + sp.Rational(1, 8)),
    ("degrees", r"\sin 30^\circ + \cos(x^{2} \cdot 90^{\circ})", sp.sin(sp.pi / 6) + sp.cos(X**2 * sp.pi / 2)),
    ("choose", r"{n \choose 2} + 2{n+1 \choose n}", sp.binomial(N, 2) + 2 * sp.binomial(N + 1, N)),
    ("over", r"{x \over y + 1}", X / (Y + 1)),
    ("nested-over", r"{{x \over 2} y \over a}", X * Y / (2 * A)),
    ("tex-group-alone", r"{x + 1}", X + 1),
    ("prime-command", r"f^\prime(\theta) + \sigma^{\prime\prime}(x)",
     sp.Derivative(F(THETA), THETA) + sp.diff(sigmoid(X), X, 2)),
    ("boxed", r"2\boxed{x + 1}^2", 2 * (X + 1) ** 2),
    ("digit-groups", r"1\,000 x + 2 500", 1000 * X + 2500),
    ("leading-point", r".5x", X / 2),
    ("max-of-set", r"\max\{x, \min\left\{y, 2\right\}\}", sp.Max(X, sp.Min(Y, 2))),
    ("operatorname-glued", r"\operatorname{arccot}x + \operatorname{sgn}y", sp.acot(X) + sp.sign(Y)),
    ("index-shadows-a-symbol", r"\sum_{x=0}^{3} x + x", 6 + X),
    ("nested-indices-of-one-letter", r"\sum_{n=1}^{3}\sum_{n=1}^{n} n + n", 10 + N),
    ("index-bound-by-the-symbol", r"\sum_{n=1}^{n} n^2", N * (N + 1) * (2 * N + 1) / 6),
    ("command-as-exponent", r"x^\frac12 + a^\sqrt[3]{b}", sp.sqrt(X) + A ** sp.real_root(B, 3)),
    ("symbolic-root-index", r"\sqrt[n+1]{a}", A ** (1 / (N + 1))),
    ("mathit", r"\mathit{x} + \hspace{1em} y", X + Y),
    ("dbinom-tbinom", r"\dbinom{n}{2} + \tbinom n1", sp.binomial(N, 2) + N),
    ("repeating-decimal", r"0.\overline{3} x + 0.1\overline{6}", X / 3 + sp.Rational(1, 6)),
    ("sentence-full-stop", r"x + 1.", X + 1),
    ("accent-declared", r"\hat{x} + \hat x", 2 * HAT),
]


def _sample(expr: sp.Expr, rng: random.Random) -> dict[sp.Basic, sp.Rational]:
    point: dict[sp.Basic, sp.Rational] = {}
    for atom in expr.free_symbols | expr.atoms(sp.Indexed) | expr.atoms(sp.core.function.AppliedUndef) | \
            expr.atoms(sp.Derivative):
        if isinstance(atom, sp.IndexedBase) or atom in point:
            continue
        if atom.is_integer:
            point[atom] = sp.Integer(rng.randint(0, 6))
        elif atom.is_positive:
            point[atom] = sp.Rational(rng.randint(1, 40), rng.randint(1, 9))
        else:
            point[atom] = sp.Rational(rng.randint(-40, 40), rng.randint(1, 9))
    return point


def _value(expr: sp.Expr, point: dict[sp.Basic, sp.Rational]) -> complex:
    derivatives = {a: v for a, v in point.items() if isinstance(a, sp.Derivative)}
    rest = {a: v for a, v in point.items() if not isinstance(a, sp.Derivative)}
    return complex(sp.N(expr.doit().xreplace(derivatives).xreplace(rest), 30))


@pytest.mark.parametrize(("latex", "expected"), [(c[1], c[2]) for c in CONSTRUCTS], ids=[c[0] for c in CONSTRUCTS])
def test_construct_agrees_with_the_hand_written_expression(latex: str, expected: sp.Expr) -> None:
    """Parsed, evaluated and compared at random points with the SymPy expression the construct means."""
    parsed = evaluated(parse(latex, NOTATION))
    rng = random.Random(latex)
    compared = 0
    for _ in range(40):
        point = _sample(expected + parsed, rng)
        want = _value(expected, point)
        if not cmath.isfinite(want):
            continue  # a pole of the expression: no value to compare
        got = _value(parsed, point)
        assert abs(got - want) <= 1e-12 * max(1.0, abs(want)), (latex, point, got, want)
        compared += 1
        if compared == 5:
            break
    assert compared == 5


@pytest.mark.parametrize(("latex", "expected"), [(c[1], c[2]) for c in CONSTRUCTS], ids=[c[0] for c in CONSTRUCTS])
def test_construct_round_trips_through_the_parse_cache(latex: str, expected: sp.Expr, tmp_path: Path) -> None:
    """A formula read from the cache is the tree the parser built."""
    from checker.notation.latex import caches

    saved = caches()
    try:
        writing = ParseCache(tmp_path / "cache.json")
        use_caches(writing)
        fresh = parse(latex, NOTATION)
        writing.save()
        use_caches(ParseCache(tmp_path / "cache.json", writable=False))
        assert parse(latex, NOTATION) == fresh
    finally:
        use_caches(*saved)


def test_not_equal_is_a_relation() -> None:
    value = parse(r"x \neq y", NOTATION)
    assert isinstance(value, Relations) and value.parts == ((X, "!=", Y),)
    assert parse(r"x \ne y", NOTATION) == value


def test_decimal_comma_in_a_comma_language() -> None:
    """1{,}5 is 1.5 in a Spanish quiz and a thousands separator in an English one."""
    assert evaluated(parse(r"1{,}5 x", SPANISH)) == sp.Rational(3, 2) * X
    assert evaluated(parse(r"1{,}500", NOTATION)) == 1500


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        (r"\frac{d}{dz} x", "the derivative's variable 'z' is not a declared symbol"),
        (r"\sum_{k=0} k", "needs its upper bound"),
        (r"\mathbb{E}_{y \sim \pi}[y]", "'\\pi' is not a declared distribution"),
        (r"\argmax_x x", "unsupported construct \\argmax"),
        (r"\pi(x)", "\\pi followed by '(' is ambiguous"),
        (r"x'", "a prime needs a declared function"),
        (r"qx", "undeclared identifier 'q' in 'qx'"),
        (r"\coth x y", "undeclared identifier"),
        (r"\sqrt[2.5]{x}", "the index of a root must be a whole number"),
        ("x ∈ y", "unsupported character '∈'"),
        (r"\int_0^1 x \, dx", "unsupported construct \\int at column 1 of $\\int_0^1 x \\, dx$ (hint: integrals"),
        (r"\lim_{x \to 0} x", "limits are not supported"),
        (r"x \pm 1", "± gives two values"),
        (r"x \approx 1", "write bounds"),
        (r"x \in [0, 1]", "give a quantity's range as its domain"),
        (r"\begin{pmatrix} 1 \end{pmatrix}", "environments"),
        (r"x\%", "a percent sign must follow a number"),
        (r"1.5e3 x", "scientific notation 1.5e3"),
        (r"\bar{y} + 1", "undeclared notation '\\bar{y}' at column 1"),
        (r"\ldots", "an ellipsis is not a formula"),
        (r"x^\circ", "degrees are understood after a number"),
        (r"\lg x", "write \\log_{10} or \\log_{2}"),
        (r"2\frac{1}{2}", "2 followed by a numeric fraction is ambiguous (a mixed number, or a product)"),
        (r"e^{i \pi}", "the imaginary unit is not: verdicts are over the reals"),
        (r"x_\alpha + 1", "undeclared identifier 'x_\\alpha' at column 1"),
    ],
    ids=["derivative-variable-undeclared", "sum-without-upper", "unknown-distribution",
         "argmax", "pi-call", "prime-on-symbol", "undeclared-letter-in-product", "coth-without-parentheses-ok",
         "root-index", "unicode-symbol", "integral", "limit", "plus-minus", "approximately", "membership",
         "matrix", "percent-after-symbol", "scientific-notation", "accent-undeclared", "ellipsis",
         "degrees-of-symbol", "lg", "undeclared-subscript-shown-as-written",
         "mixed-number", "imaginary-unit"],
)
def test_unsupported_constructs_are_named(latex: str, message: str) -> None:
    """Each error names the construct; none is a silent reading."""
    if latex == r"\coth x y":
        # \coth takes one token without parentheses: coth(x)·y, both declared
        assert evaluated(parse(latex, NOTATION)) == sp.coth(X) * Y
        return
    with pytest.raises(LatexError) as caught:
        parse(latex, NOTATION)
    assert message in str(caught.value)


def test_declaring_d_never_turns_a_derivative_into_a_fraction() -> None:
    """With d declared, \\frac{d}{dx} is refused as ambiguous, never read as d/(d·x)."""
    notation = Notation({"x": X, "d": sp.Symbol("d", real=True)})
    with pytest.raises(LatexError) as caught:
        parse(r"\frac{d}{dx} x^2", notation)
    assert "ambiguous" in str(caught.value)
