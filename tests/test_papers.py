"""The mathematics of RLHF papers (derivations/papers): every step proved, and a planted slip in each derivation
refuted at the step where it is planted — with a counterexample in the author's own symbols."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from checker import Status
from checker.questions.chains import ChainStatus, check_derivations
from checker.questions.loading import load_file

PAPERS = Path(__file__).resolve().parent.parent / "derivations" / "papers"
FILES = sorted(PAPERS.glob("*.md"))

# file → (text as written, the slip, the step that must fail)
SLIPS = {
    "dpo-a1-optimal-policy": (r"+ \beta \log Z(x) \quad", r"- \beta \log Z(x) \quad", 3),
    "dpo-a1-optimality": (r"\le \mathbb{E}", r"\ge \mathbb{E}", 1),
    "dpo-a2-bradley-terry": (r"\sigma\left(\beta \log \frac{\pi^*(y_1 | x)}",
                             r"\sigma\left(\beta \log \frac{\pi^*(y_2 | x)}", 3),
    "dpo-a3-plackett-luce": (r"\frac{u_1}{u_1 + u_2 + u_3} \cdot \frac{u_2}{u_2 + u_3}",
                             r"\frac{u_1}{u_1 + u_2 + u_3} \cdot \frac{u_2}{u_1 + u_3}", 2),
    "dpo-a4-gradient": (r"&= -\beta \sigma(\hat{r}_l - \hat{r}_w)", r"&= -\beta \sigma(\hat{r}_w - \hat{r}_l)", 3),
    "dpo-lemma-1": (r"\frac{e^{f(x)} \exp(r(x, y_1))}{e^{f(x)} (", r"\frac{e^{f(x)} \exp(r(x, y_1))}{(", 1),
    "dpo-lemma-2": (r"\frac{e^{f(x)/\beta} \pi_{\text{ref}}(y_1 | x)", r"\frac{e^{f(x)} \pi_{\text{ref}}(y_1 | x)", 1),
    "ipo-loss": (r"\frac{2p - 1}{2\tau}\right)^2", r"\frac{2p - 1}{\tau}\right)^2", 1),
    "ppo-clip-pessimistic": (r"&\le r A", r"&\ge r A", 1),
    "ppo-clip-active": (r"&= (1 + \epsilon) A", r"&= r A", 2),
    "ppo-clip-negative": (r"&= (1 - \epsilon) A", r"&= r A", 1),
    "ppo-clip-trust-region": (r"&= r A", r"&= (1 + \epsilon) A", 1),
    "gae-telescoping": (r"\gamma^T V_T - V_0", r"\gamma^{T-1} V_T - V_0", 2),
    "gae-recursion": (r"\sum_{l=0}^{T-2} (\gamma \lambda)^l \delta_{l+1}",
                      r"\sum_{l=0}^{T-1} (\gamma \lambda)^l \delta_{l+1}", 1),
    "grpo-advantages": (r"- 3 \bar{r}}{s}", r"- 2 \bar{r}}{s}", 1),
    "grpo-group-sum": (r"\sum_{i=1}^{G} r_i - G \bar{r}", r"\sum_{i=1}^{G} r_i - (G - 1) \bar{r}", 1),
    "grpo-affine": (r"&= a (r_1 - \operatorname{mean}(r_1, r_2, r_3))",
                    r"&= a (r_1 - \operatorname{mean}(r_1, r_2, r_3)) + b", 1),
    "grpo-std-scale": (r"&= a \operatorname{std}(r_1, r_2, r_3)", r"&= a^2 \operatorname{std}(r_1, r_2, r_3)", 1),
    "kl-estimators": (r"\left(\frac{q(x)}{p(x)} - 1\right) - \log", r"\left(\frac{q(x)}{p(x)} - 1\right) + \log", 1),
    "gaussian-kl": (r"{2 \sigma_2^2} - \frac{1}{2}", r"{2 \sigma_1^2} - \frac{1}{2}", 2),
    "gaussian-entropy": (r"\log(2 \pi e \sigma^2)", r"\log(2 \pi \sigma^2)", 2),
    "gaussian-score": (r"&= 2 a \mu + b", r"&= 2 a \mu", 3),
    "kl-k3-nonnegative": (r"(\rho - 1) - \log \rho \quad", r"(\rho - 1) + \log \rho \quad", 1),
}


def test_every_paper_derivation_has_a_planted_slip_twin() -> None:
    assert {p.stem for p in FILES} == set(SLIPS)


def test_every_paper_derivation_holds_with_every_step_proved() -> None:
    results = check_derivations([load_file(p) for p in FILES])
    for result in results:
        assert result.status is ChainStatus.VALID, (result.derivation.id, result.explanation)
        assert all(v.status is Status.PROVED and v.exact for v in result.verdicts), result.derivation.id


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_a_planted_slip_is_refuted_at_its_step(path: Path, tmp_path: Path) -> None:
    written, slip, step = SLIPS[path.stem]
    text = path.read_text(encoding="utf-8")
    assert text.count(written) >= 1, f"{path.name} no longer contains {written!r}"
    twin = tmp_path / path.name
    twin.write_text(text.replace(written, slip, 1), encoding="utf-8")
    result = check_derivations([load_file(twin)])[0]
    summaries = [v.summary for v in result.verdicts]
    assert result.status is ChainStatus.BROKEN and result.first_failure == step, (result.explanation, summaries)
    example = result.verdicts[step - 1].counterexample
    assert example is not None and example.values
    # the counterexample speaks of the author's symbols: never a parameter the checker introduced
    assert not any(str(atom).startswith(("u_", "_")) for atom, _ in example.values)


def test_a_symbol_between_symbolic_bounds_is_refuted_inside_its_bounds(tmp_path: Path) -> None:
    path = PAPERS / "ppo-clip-trust-region.md"
    twin = tmp_path / "slip.md"
    twin.write_text(path.read_text(encoding="utf-8").replace(r"&= r A", r"&= (1 + \epsilon) A"), encoding="utf-8")
    example = check_derivations([load_file(twin)])[0].verdicts[0].counterexample
    assert example is not None
    values = {str(atom): Fraction(int(v.p), int(v.q)) for atom, v in example.values}
    assert set(values) == {"A", "r", "ε"}
    assert 0 < values["ε"] < 1 and 1 - values["ε"] <= values["r"] <= 1 + values["ε"]
