"""What a researcher writes next: cases over max/min/clip, symbolic bounds, sums of symbolic length, group
statistics, softmax, expectations under π(·|x), Gibbs' inequality — proved, refuted with a counterexample, or
refused with a clear error; and traps where a plausible shortcut would give a wrong verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import Status
from checker.questions.chains import check_derivations
from checker.questions.files import QuestionFileError
from checker.questions.loading import load_file


def _file(tmp_path: Path, header: str, chain: str) -> Path:
    """A derivation file with this header and this chain (the lines of an aligned block)."""
    path = tmp_path / "d.md"
    path.write_text(f"---\nkind: derivation\nid: d\ntitle: t\n{header}\n---\n$$\n\\begin{{aligned}}\n{chain}\n"
                    "\\end{aligned}\n$$\n", encoding="utf-8")
    return path


def _refusal(tmp_path: Path, header: str, chain: str) -> tuple[Path, str]:
    """The file and the error its loading raises (the test fails if it loads)."""
    path = _file(tmp_path, header, chain)
    with pytest.raises(QuestionFileError) as caught:
        load_file(path)
    return path, str(caught.value)


def _chain(tmp_path: Path, header: str, chain: str) -> list:
    return list(check_derivations([load_file(_file(tmp_path, header, chain))])[0].verdicts)


def _status(tmp_path: Path, header: str, chain: str) -> Status:
    return _chain(tmp_path, header, chain)[0].status


REALS = "symbols:\n  a: real\n  b: real\n  c: real"
PPO = "symbols:\n  '\\epsilon': 'interval (0, 1)'\n  r: positive\n  A: real"
RATIOS = "symbols:\n  T: positive integer\nfamilies:\n  '\\rho': positive"
FAMILY = "symbols:\n  T: positive integer\n  '\\gamma': discount\nfamilies:\n  r: real\n  V: real"
DIST = "distributions:\n  p: ['p_1', 'p_2', 'p_3']\n  q: ['q_1', 'q_2', 'q_3']"
POSITIVE_XS = "symbols:\n  x_1: positive\n  x_2: positive\n" + DIST


@pytest.mark.parametrize(("header", "chain", "status"), [
    (REALS, r"\max(a, b) &\ge a", Status.PROVED),
    (REALS, r"\max(a, b, c) &\ge c", Status.PROVED),
    (REALS, r"\min(a, b) &\le \max(a, b)", Status.PROVED),
    (REALS, r"|a| &= a \operatorname{sgn}(a)", Status.PROVED),
    (REALS, r"|a - b| &\ge a - b", Status.PROVED),
    (REALS, r"\max(a, b) &= a", Status.REFUTED),
    (REALS, r"\min(a, b) &\ge a", Status.REFUTED),
    (REALS, r"|a| &= a", Status.REFUTED),
    (PPO, r"\min(r A, \operatorname{clip}(r, 1 - \epsilon, 1 + \epsilon) A) &\le r A", Status.PROVED),
    (PPO, r"\min(r A, \operatorname{clip}(r, 1 - \epsilon, 1 + \epsilon) A) &= r A", Status.REFUTED),
    (PPO, r"\operatorname{clip}(r, 1 - \epsilon, 1 + \epsilon) &\le 1 + \epsilon", Status.PROVED),
    (PPO, r"\operatorname{clip}(r, 1 - \epsilon, 1 + \epsilon) &< 1 + \epsilon", Status.REFUTED),
], ids=["max-ge", "max3", "min-le-max", "abs-sgn", "abs-ge", "max-is-first", "min-ge", "abs-is-x", "ppo-pessimistic",
        "ppo-not-identity", "clip-bounded", "clip-strict"])
def test_cases_over_piecewise_functions(tmp_path: Path, header: str, chain: str, status: Status) -> None:
    assert _status(tmp_path, header, chain) is status


def test_a_proof_by_cases_shows_its_cases(tmp_path: Path) -> None:
    verdict = _chain(tmp_path, REALS, r"\max(a, b) &\ge a")[0]
    assert verdict.method == "cases" and verdict.exact
    assert any("where" in step and "Max(a, b) is" in step for step in verdict.steps)


@pytest.mark.parametrize(("header", "chain", "status"), [
    (FAMILY, r"\sum_{t=0}^{T-1} (V_{t+1} - V_t) &= V_T - V_0", Status.PROVED),
    (FAMILY, r"\sum_{t=0}^{T-1} \gamma^t (r_t + \gamma V_{t+1} - V_t) "
             r"&= \sum_{t=0}^{T-1} \gamma^t r_t + \gamma^T V_T - V_0", Status.PROVED),
    (FAMILY, r"\sum_{t=0}^{T-1} (V_{t+1} - V_t) &= V_T - V_1", Status.REFUTED),
    (FAMILY, r"\sum_{t=0}^{T-1} \gamma^t r_t &= \sum_{t=1}^{T} \gamma^{t-1} r_{t-1}", Status.PROVED),
    (FAMILY, r"\sum_{t=0}^{T-1} r_t &= \sum_{t=0}^{T-2} r_t + r_{T-1}", Status.PROVED),
    (FAMILY, r"\sum_{t=0}^{T-3} r_t &= \sum_{t=0}^{T-1} r_t - r_{T-1} - r_{T-2}", Status.REFUTED),
    (RATIOS, r"\prod_{t=0}^{T-1} \frac{\rho_{t+1}}{\rho_t} &= \frac{\rho_T}{\rho_0}", Status.PROVED),
    (RATIOS, r"\prod_{t=0}^{T-1} \frac{\rho_{t+1}}{\rho_t} &= \frac{\rho_T}{\rho_1}", Status.REFUTED),
    (RATIOS, r"\prod_{t=1}^{T} \rho_t^2 &= \left(\prod_{t=1}^{T} \rho_t\right)^2", Status.PROVED),
], ids=["telescoping", "gae", "telescoping-slip", "shift", "peel", "empty-range-convention", "telescoping-product",
        "telescoping-product-slip", "product-of-squares"])
def test_sums_of_symbolic_length(tmp_path: Path, header: str, chain: str, status: Status) -> None:
    assert _status(tmp_path, header, chain) is status


def test_a_refuted_sum_of_symbolic_length_names_the_length(tmp_path: Path) -> None:
    verdict = _chain(tmp_path, FAMILY, r"\sum_{t=0}^{T-1} (V_{t+1} - V_t) &= V_T - V_1")[0]
    assert verdict.counterexample is not None
    values = {str(atom): value for atom, value in verdict.counterexample.values}
    assert values["T"] == 1 and "episode" not in verdict.counterexample.note


def test_trap_an_identity_true_for_short_horizons_only_is_not_proved(tmp_path: Path) -> None:
    """Equal for T = 1, …, 4 (the extra term vanishes there) and false from T = 5: induction must not prove it,
    and the search at small lengths does not see it fail — undecided, never proved."""
    chain = r"\sum_{t=0}^{T-1} r_t &= \sum_{t=0}^{T-1} r_t + (T - 1)(T - 2)(T - 3)(T - 4) r_0"
    assert _status(tmp_path, FAMILY, chain) is not Status.PROVED


@pytest.mark.parametrize(("header", "chain", "status"), [
    (DIST, r"p_1 \ln \frac{p_1}{q_1} + p_2 \ln \frac{p_2}{q_2} + p_3 \ln \frac{p_3}{q_3} &\ge 0", Status.PROVED),
    (DIST, r"-p_1 \ln p_1 - p_2 \ln p_2 - p_3 \ln p_3 &\le \ln 3", Status.PROVED),
    (DIST, r"-p_1 \ln p_1 - p_2 \ln p_2 - p_3 \ln p_3 &\le \ln 2", Status.REFUTED),
    (DIST, r"p_1 \ln \frac{p_1}{q_1} + p_2 \ln \frac{p_2}{q_2} + p_3 \ln \frac{p_3}{q_3} &\ge \frac{1}{10}",
     Status.REFUTED),
    (DIST, r"p_1 \ln \frac{p_1}{q_1} + p_2 \ln \frac{p_2}{q_2} + p_3 \ln \frac{p_3}{q_3} &> 0", Status.REFUTED),
    ("symbols:\n  p: 'interval (0, 1)'\n  q: 'interval (0, 1)'", r"p \ln\frac{p}{q} + (1-p)\ln\frac{1-p}{1-q} &\ge 0",
     Status.PROVED),
    ("symbols:\n  '\\rho': positive", r"\rho - 1 - \ln \rho &\ge 0", Status.PROVED),
    ("symbols:\n  '\\rho': positive", r"\ln \rho &\ge 1 - \rho", Status.REFUTED),
    (POSITIVE_XS, r"\ln(p_1 x_1 + p_2 x_2 + p_3) &\ge p_1 \ln x_1 + p_2 \ln x_2", Status.PROVED),
    (POSITIVE_XS, r"\ln(p_1 x_1 + p_2 x_2 + p_3) &\le p_1 \ln x_1 + p_2 \ln x_2", Status.REFUTED),
    ("symbols:\n  a: real\n  b: real\n" + DIST, r"\ln(p_1 e^{a} + p_2 e^{b} + p_3) &\ge p_1 a + p_2 b", Status.PROVED),
    (REALS, r"\ln(e^a + e^b) &\ge \max(a, b)", Status.PROVED),
    (REALS, r"\ln(e^a + e^b) &\le \max(a, b)", Status.REFUTED),
], ids=["gibbs", "entropy-le-log-n", "entropy-le-log-2", "kl-ge-tenth", "kl-strict", "bernoulli-kl", "k3", "log-slip",
        "jensen-log", "jensen-log-reversed", "jensen-exp", "log-sum-exp", "log-sum-exp-reversed"])
def test_logarithm_inequalities(tmp_path: Path, header: str, chain: str, status: Status) -> None:
    assert _status(tmp_path, header, chain) is status


@pytest.mark.parametrize(("chain", "status"), [
    (r"\operatorname{softmax}(a, b, c)_1 + \operatorname{softmax}(a, b, c)_2 + \operatorname{softmax}(a, b, c)_3 &= 1",
     Status.PROVED),
    (r"\operatorname{logsoftmax}(a, b, c)_2 &= \ln \operatorname{softmax}(a, b, c)_2", Status.PROVED),
    (r"\operatorname{softmax}(a, b, c)_1 &= \operatorname{softmax}(a + 5, b + 5, c + 5)_1", Status.PROVED),
    (r"\operatorname{softmax}(a, b, c)_1 &= \operatorname{softmax}(2a, 2b, 2c)_1", Status.REFUTED),
    (r"\operatorname{sigmoid}(a) &= \operatorname{softmax}(a, 0)_1", Status.PROVED),
    (r"\operatorname{logit}(\operatorname{sigmoid}(a)) &= a", Status.PROVED),
    (r"\operatorname{mean}(a, b, c) &= \frac{a + b + c}{3}", Status.PROVED),
    (r"\operatorname{Var}(a, b, c) &= \operatorname{mean}(a^2, b^2, c^2) - \operatorname{mean}(a, b, c)^2",
     Status.PROVED),
    (r"\operatorname{std}(a, b, c) &\ge 0", Status.PROVED),
    (r"\operatorname{std}(a, b) &= \frac{|a - b|}{2}", Status.PROVED),
    (r"\operatorname{std}(a, b) &= |a - b|", Status.REFUTED),
], ids=["softmax-sums-to-1", "log-softmax", "shift-invariant", "not-scale-invariant", "sigmoid-softmax", "logit",
        "mean", "var", "std-nonneg", "std-two", "std-two-slip"])
def test_group_functions_and_softmax(tmp_path: Path, chain: str, status: Status) -> None:
    assert _status(tmp_path, REALS, chain) is status


@pytest.mark.parametrize(("header", "message"), [
    ("symbols:\n  a: real\n  b: real\n  r: 'interval [a, b]'", "cannot show that its lower bound a is at most"),
    ("symbols:\n  e: positive\n  r: 'interval [0, e^{e}]'", "must be a rational expression"),
    ("symbols:\n  r: 'interval [0, q]'", "undeclared identifier 'q'"),
    ("symbols:\n  r: '> 2'", "write a numeric bound as an interval"),
], ids=["unordered-bounds", "transcendental-bound", "undeclared-bound", "numeric-half-line"])
def test_bad_symbolic_bounds_are_refused(tmp_path: Path, header: str, message: str) -> None:
    path, error = _refusal(tmp_path, header, "r &= r")
    assert message in error and str(path) in error


@pytest.mark.parametrize(("header", "chain", "message"), [
    (REALS, r"\operatorname{mean}(a) &= a", "needs its members as arguments"),
    (REALS, r"\operatorname{softmax}(a, b)_3 &= a", "must be a number from 1 to 2"),
    (REALS, r"\operatorname{softmax}(a, b) &= a", "needs the index of its component"),
    (REALS, r"\operatorname{clip}(a, b) &= a", "takes 3 arguments"),
    ("distributions:\n  p: ['p(y_1 | x)', 'p(y_2 | x)']\n  q: ['q_1', 'q_2', 'q_3']", r"\sum_{y} y &= 1",
     "different supports"),
    ("symbols:\n  'r(y_1)': real\n  'r(y_2)': real\ndistributions:\n  '\\pi': ['\\pi(y_1 | x)', '\\pi(y_2 | x)']",
     r"\mathbb{E}_{y \sim \pi(\cdot | z)}[r(y)] &= 1", "are not all conditioned on z"),
], ids=["mean-of-one", "softmax-index", "softmax-no-index", "clip-arity", "sum-over-ambiguous-support",
        "conditioning-mismatch"])
def test_paper_notation_errors(tmp_path: Path, header: str, chain: str, message: str) -> None:
    assert message in _refusal(tmp_path, header, chain)[1]


def test_expectation_under_a_conditional_policy(tmp_path: Path) -> None:
    header = ("symbols:\n  'r(x, y_1)': real\n  'r(x, y_2)': real\n"
              "distributions:\n  '\\pi': ['\\pi(y_1 | x)', '\\pi(y_2 | x)']")
    chain = r"\mathbb{E}_{y \sim \pi(\cdot \mid x)}[r(x, y)] &= \pi(y_1 | x) r(x, y_1) + \pi(y_2 | x) r(x, y_2)"
    assert _status(tmp_path, header, chain) is Status.PROVED


def test_a_derivation_file_refuses_question_keys(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_text("---\nkind: derivation\nid: d\nsymbols:\n  a: real\nderivations:\n  - {title: t, chain: 'a &= a'}\n"
                    "---\n$$\\begin{aligned} a &= a \\end{aligned}$$\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match="a derivation file has no 'derivations'"):
        load_file(path)


GAUSS = "symbols:\n  '\\mu': real\n  '\\sigma': positive\n  a: real"
TWO = ("symbols:\n  '\\mu_1': real\n  '\\mu_2': real\n  '\\sigma_1': positive\n  '\\sigma_2': positive\n"
       "  a: positive\n  b: positive\ndistributions:\n  p: {normal: ['\\mu_1', '\\sigma_1^2']}\n"
       "  q: {normal: ['\\mu_2', '\\sigma_2^2']}\n  e: {exponential: a}\n  f: {exponential: b}\n"
       "functions:\n  '\\mathbb{D}_{\\text{KL}}': kl\n  H: entropy")


@pytest.mark.parametrize(("header", "chain", "status"), [
    (GAUSS, r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[x^2] &= \mu^2 + \sigma^2", Status.PROVED),
    (GAUSS, r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[x^4] &= \mu^4 + 6 \mu^2 \sigma^2 + 3 \sigma^4",
     Status.PROVED),
    (GAUSS, r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[x^3] &= \mu^3 + \mu \sigma^2", Status.REFUTED),
    (GAUSS, r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[e^{a x}] &= e^{a \mu + a^2 \sigma^2 / 2}", Status.PROVED),
    (GAUSS, r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[e^{a x}] &= e^{a \mu + a^2 \sigma^2}", Status.REFUTED),
    (GAUSS, r"\operatorname{Var}_{x \sim \mathcal{N}(\mu, \sigma^2)}[a x + 1] &= a^2 \sigma^2", Status.PROVED),
    (GAUSS, r"\frac{\partial}{\partial \mu} \mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[x^2] &= 2 \mu",
     Status.PROVED),
    (TWO, r"\mathbb{D}_{\text{KL}}(p \| q) &\ge 0", Status.PROVED),
    (TWO, r"\mathbb{D}_{\text{KL}}(p \| q) &= \mathbb{D}_{\text{KL}}(q \| p)", Status.REFUTED),
    (TWO, r"\mathbb{D}_{\text{KL}}(e \| f) &= \ln\frac{a}{b} + \frac{b}{a} - 1", Status.PROVED),
    (TWO, r"\mathbb{D}_{\text{KL}}(e \| f) &\ge 0", Status.PROVED),
    (TWO, r"\mathbb{E}_{x \sim e}[x^2] &= \frac{2}{a^2}", Status.PROVED),
    (TWO, r"H(e) &= 1 - \ln a", Status.PROVED),
    (TWO, r"H(p) &\le H(q)", Status.REFUTED),
], ids=["second-moment", "fourth-moment", "third-moment-slip", "mgf", "mgf-slip", "variance", "gradient",
        "gauss-kl-nonneg", "kl-not-symmetric", "exp-kl", "exp-kl-nonneg", "exp-moment", "exp-entropy",
        "entropies-unordered"])
def test_continuous_distributions(tmp_path: Path, header: str, chain: str, status: Status) -> None:
    assert _status(tmp_path, header, chain) is status


@pytest.mark.parametrize(("chain", "status"), [
    (r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[\sin x] &= 0", Status.REFUTED),
    (r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[\sin x] &= e^{-\sigma^2/2} \cos \mu", Status.REFUTED),
    (r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[\operatorname{sigmoid}(x)] &\le 1", Status.PROVED),
    (r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[\operatorname{sigmoid}(x)] &\le \frac{1}{2}", Status.REFUTED),
], ids=["sine-not-zero", "sine-is-not-the-cosine-formula", "bounded-mean", "sigmoid-mean-slip"])
def test_expectations_without_closed_form_are_integrated_rigorously(tmp_path: Path, chain: str, status: Status) -> None:
    """A bounded operand under a normal distribution: Arb's certified integral at each point refutes a false
    claim; a true one about the expectation as a quantity (it lies within its operand's bounds) is proved."""
    assert _status(tmp_path, GAUSS, chain) is status


def test_a_true_claim_about_an_integral_is_never_refuted(tmp_path: Path) -> None:
    """E[cos x] = e^{−σ²/2} cos μ holds (the characteristic function): the integrals agree at every point."""
    chain = r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[\cos x] &= e^{-\sigma^2/2} \cos \mu"
    assert _status(tmp_path, GAUSS, chain) is Status.UNDECIDED


def test_the_rigorous_integral_encloses_the_closed_form() -> None:
    from fractions import Fraction

    import sympy as sp
    from flint import arb

    from checker.numeric.integrals import normal_expectation

    x = sp.Dummy("x", real=True)
    value = normal_expectation(sp.cos(x), x, Fraction(1, 3), Fraction(1, 2), Fraction(1), {}, 53)
    exact = (arb(-1) / 4).exp() * (arb(1) / 3).cos()
    assert value.overlaps(exact) and value.rad() < 1e-12


@pytest.mark.parametrize(("header", "chain", "message"), [
    (GAUSS, r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[a \sin x] &= 0", "nor bounded"),
    ("symbols:\n  '\\mu': real\n  s: real", r"\mathbb{E}_{x \sim \mathcal{N}(\mu, s)}[x] &= \mu", "must be positive"),
    (GAUSS, r"\mathbb{E}_{x \sim \mathcal{N}(\mu)}[x] &= \mu", "takes 2 parameter(s)"),
    (GAUSS, r"\mathbb{E}_{x \sim \operatorname{Exp}(\sigma)}[e^{x}] &= 1", "has no closed form"),
    ("symbols:\n  a: real\ndistributions:\n  p: {normal: [a]}", r"a &= a", "takes 2 parameter(s)"),
], ids=["no-closed-form", "variance-not-positive", "normal-arity", "exp-tilt", "declared-arity"])
def test_continuous_errors(tmp_path: Path, header: str, chain: str, message: str) -> None:
    assert message in _refusal(tmp_path, header, chain)[1]


GROUP = "symbols:\n  G: positive integer\nfamilies:\n  r: {domain: real, size: G}"


@pytest.mark.parametrize(("header", "chain", "status"), [
    (GROUP, r"\sum_{i=1}^{G} (r_i - \bar{r}) &= 0", Status.PROVED),
    (GROUP, r"\sum_{i=1}^{G} (r_i - \operatorname{mean}(r)) &= 1", Status.REFUTED),
    (GROUP, r"\operatorname{Var}(r) &= \frac{1}{G}\sum_{k=1}^{G} r_k^2 - \bar{r}^2", Status.PROVED),
    (GROUP, r"\operatorname{Var}(r) &= \frac{1}{G - 1}\sum_{k=1}^{G} (r_k - \bar{r})^2", Status.REFUTED),
    (GROUP, r"\operatorname{std}(r) &\ge 0", Status.PROVED),
    ("families:\n  r: 'real, size 3'", r"\operatorname{std}(r) &= \operatorname{std}(r_1, r_2, r_3)", Status.PROVED),
], ids=["deviations-sum-to-0", "deviations-slip", "variance-shortcut", "not-the-unbiased-one", "std-nonneg",
        "numeric-size"])
def test_groups_of_symbolic_size(tmp_path: Path, header: str, chain: str, status: Status) -> None:
    assert _status(tmp_path, header, chain) is status


@pytest.mark.parametrize(("header", "message"), [
    ("symbols:\n  G: real\nfamilies:\n  r: {domain: real, size: G}", "must be a whole number or a symbol"),
    ("families:\n  r: {domain: real, size: 0}", "at least one member"),
    ("families:\n  r: {domain: real, length: 3}", "write {domain: real, size: G}"),
], ids=["real-size", "empty-group", "unknown-key"])
def test_bad_group_sizes_are_refused(tmp_path: Path, header: str, message: str) -> None:
    assert message in _refusal(tmp_path, header, "1 &= 1")[1]
