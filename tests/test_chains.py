"""Step-by-step derivations: every step checked, the first wrong one caught with a counterexample."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import sympy as sp

from checker import ClaimError, Relation, Scope, Status, sigmoid
from checker.questions.chains import ChainStatus, check_derivations
from checker.questions.files import QuestionFileError
from checker.questions.loading import load_file
from checker.values.derivations import conclusion
from derivations import CHAINS, chains

STORIES = sorted(path for path in CHAINS.glob("d[0-5]-*.md"))


def test_the_document_derivations_hold() -> None:
    results = {r.derivation.id: r for r in check_derivations(list(chains()))}
    assert len(results) == 9 and {"q06-kl-figures-d1", "q06-kl-figures-d2"} <= set(results)
    assert results["d1-optimal-policy"].derivation.conclusion is Relation.LE
    # the step named "fact: Gibbs' inequality" is proved (through ln t ≤ t − 1), not asserted
    gibbs = results["d1-optimal-policy"].verdicts[1]
    assert gibbs.status is Status.PROVED and gibbs.method in ("ln t ≤ t − 1", "Gibbs' variational form")
    assert results["d5-kl-monotone"].derivation.conclusion is Relation.LE
    assert all(r.status is ChainStatus.VALID for r in results.values())


def _corrupt(expr: sp.Expr) -> sp.Expr:
    """A plausible slip: double the expression's last step, or add one."""
    return 2 * expr if expr != 0 else sp.Integer(1)


@pytest.mark.parametrize("path", STORIES, ids=[p.stem for p in STORIES])
def test_a_wrong_step_in_each_story_is_caught_at_that_step(path: Path) -> None:
    """Replace the middle step's expression by a wrong one: that step (or the next) fails, with a counterexample."""
    derivation = load_file(path)
    middle = len(derivation.steps) // 2
    steps = list(derivation.steps)
    steps[middle] = replace(steps[middle], expr=_corrupt(steps[middle].expr), fact=None)
    broken = replace(derivation, steps=tuple(steps))
    result = check_derivations([broken])[0]
    assert result.status is ChainStatus.BROKEN
    assert result.first_failure == middle + 1
    failing = result.verdicts[middle]
    assert failing.status is Status.REFUTED and failing.counterexample is not None


def test_a_misapplied_fact_is_refuted_not_asserted() -> None:
    """Naming a fact does not protect a false step."""
    s = Scope()
    x = s.real("x")
    chain = s.derivation("d", "wrong", x**2, (">=", x, "fact: squares dominate"))
    result = check_derivations([chain])[0]
    assert result.status is ChainStatus.BROKEN
    assert result.verdicts[0].counterexample is not None


def test_chain_relations_compose() -> None:
    s = Scope()
    x = s.real("x")
    assert s.derivation("a", "", x, ("=", x, ""), ("<=", x + 1, ""), ("<", x + 2, "")).conclusion is Relation.LT
    assert s.derivation("b", "", x, (">=", x - 1, ""), ("=", x - 1, "")).conclusion is Relation.GE
    with pytest.raises(ClaimError, match="mixes ≤ and ≥"):
        s.derivation("c", "", x, ("<=", x + 1, ""), (">=", x, ""))
    assert conclusion([]) is Relation.EQ


CHAIN_FILE = """\
---
kind: derivation
id: bt
title: Bradley-Terry as sigma
symbols:
  r_1: real
  r_2: real
functions:
  '\\sigma': logistic
---
$$
\\begin{aligned}
\\frac{e^{r_1}}{e^{r_1} + e^{r_2}} &= \\frac{1}{1 + e^{r_2 - r_1}} \\quad \\text{divide by e^r_1} \\\\
  &= \\sigma(STEP) \\quad \\text{definition of sigma} \\\\
  &\\le 1 \\quad \\text{fact: a probability is at most 1}
\\end{aligned}
$$
"""


def test_derivation_file_with_a_wrong_step(tmp_path: Path) -> None:
    """The worked example of the README: the sign slip at step 2 is caught there."""
    good, bad = tmp_path / "good.md", tmp_path / "bad.md"
    good.write_text(CHAIN_FILE.replace("STEP", "r_1 - r_2"), encoding="utf-8")
    bad.write_text(CHAIN_FILE.replace("STEP", "r_2 - r_1"), encoding="utf-8")
    ok, wrong = check_derivations([load_file(good), load_file(bad)])
    assert ok.status is ChainStatus.VALID and ok.derivation.conclusion is Relation.LE
    assert [s.justification for s in ok.derivation.steps][2] == "fact: a probability is at most 1"
    assert wrong.status is ChainStatus.BROKEN and wrong.first_failure == 2
    assert wrong.verdicts[1].counterexample is not None
    assert ok.derivation.steps[1].expr == sigmoid(sp.Symbol("r_1", real=True) - sp.Symbol("r_2", real=True))


@pytest.mark.parametrize(
    ("body", "message"),
    [("no block here", "needs a \\begin{aligned}"),
     ("$$\\begin{aligned} r_1 \\end{aligned}$$", "the first line must relate two expressions"),
     ("$$\\begin{aligned} r_1 &= r_2 \\\\ & r_1 \\end{aligned}$$", "line 2 of the chain must start with"),
     ("$$\\begin{aligned} r_1 &= q \\end{aligned}$$", "undeclared identifier 'q'"),
     ("$$\\begin{aligned} r_1 &\\le r_2 \\\\ &\\ge r_1 \\end{aligned}$$", "mixes ≤ and ≥")],
    ids=["no-block", "first-line-not-a-relation", "line-without-relation", "undeclared", "mixed-directions"],
)
def test_derivation_file_errors(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "d.md"
    path.write_text("---\nkind: derivation\nid: d\nsymbols:\n  r_1: real\n  r_2: real\n---\n" + body + "\n",
                    encoding="utf-8")
    with pytest.raises(QuestionFileError) as caught:
        load_file(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_verify_reports_derivations(runner) -> None:  # type: ignore[no-untyped-def]
    from checker.cli import main

    result = runner.invoke(main, ["d3", "d5"])
    assert result.exit_code == 0
    assert "d3-z-cancels  [derivation]" in result.output and "chain: valid" in result.output
    assert "2 derivations: 2 hold" in result.output


def test_question_files_may_declare_derivations(tmp_path: Path) -> None:
    """A question's header can carry derivations; a wrong step there is caught like anywhere else."""
    from checker.questions.loading import load_items

    header = ("id: q\nrule: correct\nkey: 1\nsymbols:\n  x: real\nderivations:\n"
              "  - title: square\n    chain: '(x + 1)^2 &= x^2 + 2 x + 1 \\\\ &= x^2 + 2 x + 2 \\quad \\text{slip}'\n")
    path = tmp_path / "q.md"
    path.write_text(f"---\n{header}---\nStem\n\n1. $x = x$\n2. $x = x + 1$\n", encoding="utf-8")
    question, chain = load_items(path)
    assert question.id == "q" and chain.id == "q-d1" and chain.title == "square"
    result = check_derivations([chain])[0]
    assert result.status is ChainStatus.BROKEN and result.first_failure == 2
