"""Benchmark `verify` on a synthetic bank of question files, against a naive checker and Math-Verify.

The bank holds random-parameter variants of the document's mathematical questions (Bradley-Terry forms,
the length reward, the KL thresholds, the reward through the policy, the DPO logit), with true and false
options and, now and then, a wrong key. Reported: wall time cold (no caches), warm (result cache), with
-j 1 and -j 2, seconds per claim (median, p95); and the baselines' time, ratios and disagreements.

Usage: python bench/synthetic.py [--questions N] [--seed S] [--skip-baselines]
Run it where the package is installed (`pip install .`); it is a script, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

META_ALL = "Las tres opciones anteriores son correctas."
META_NONE = "Ninguna de las tres opciones anteriores es correcta."


def _question(qid: str, rule: str, key: int, header: str, stem: str, options: list[str]) -> str:
    body = "\n".join(f"{i}. {text}" for i, text in enumerate(options, start=1))
    return f"---\nid: {qid}\nrule: {rule}\nkey: {key}\n{header}---\n{stem}\n\n{body}\n"


def bradley_terry(qid: str, rng: random.Random) -> tuple[str, list[bool]]:
    k = rng.randint(1, 9)
    forms = [(rf"$P = \frac{{1}}{{1 + e^{{{k} (r_2 - r_1)}}}}$", True),
             (rf"$P = \sigma({k} (r_1 - r_2))$", True),
             (rf"$P = \sigma({k} (r_2 - r_1))$", False),
             (rf"$P = \frac{{e^{{{k} r_1}}}}{{e^{{{k} r_1}} + e^{{{k + 1} r_2}}}}$", False)]
    chosen = rng.sample(forms, 3)
    truth = [t for _, t in chosen]
    key = next((i + 1 for i, t in enumerate(truth) if not t), 4)
    header = (f"symbols:\n  r_1: real\n  r_2: real\nfunctions:\n  '\\sigma': logistic\n"
              f"definitions:\n  P: '\\frac{{e^{{{k} r_1}}}}{{e^{{{k} r_1}} + e^{{{k} r_2}}}}'\n")
    return _question(qid, "incorrect-or-last", key if rng.random() > 0.1 else 4, header,
                     "Indica la opción incorrecta o la última si las tres primeras son correctas:",
                     [f for f, _ in chosen] + [META_ALL]), truth


def length_reward(qid: str, rng: random.Random) -> tuple[str, list[bool]]:
    c = rng.randint(2, 9)
    forms = [(rf"$p = \sigma({c} \theta (|y_1| - |y_2|))$", True),
             (rf"$p = \sigma({c} \theta (|y_2| - |y_1|))$", False),
             (rf"$p = \sigma({c} (|y_2| + |y_1|))$", False),
             (r"$p = \sigma(\theta (|y_1| - |y_2|))$", False)]
    chosen = rng.sample(forms, 3)
    truth = [t for _, t in chosen]
    key = next((i + 1 for i, t in enumerate(truth) if t), 4)
    header = ("symbols:\n  '\\theta': real\n  '|y_1|': non-negative integer\n  '|y_2|': non-negative integer\n"
              "functions:\n  '\\sigma': logistic\n"
              f"definitions:\n  p: '\\frac{{e^{{{c} \\theta |y_1|}}}}"
              f"{{e^{{{c} \\theta |y_1|}} + e^{{{c} \\theta |y_2|}}}}'\n")
    return _question(qid, "correct-or-last", key, header, "Indica la opción correcta o la última:",
                     [f for f, _ in chosen] + [META_NONE]), truth


def kl_threshold(qid: str, rng: random.Random) -> tuple[str, list[bool]]:
    weights = [rng.randint(1, 9) for _ in range(3)]
    p = [Fraction(w, sum(weights)) for w in weights]
    q = [Fraction(1, 3)] * 3
    kl_pq = sum(float(a) * __import__("math").log(float(a / b)) for a, b in zip(p, q))
    kl_qp = sum(float(b) * __import__("math").log(float(b / a)) for a, b in zip(p, q))
    threshold = Fraction(rng.randint(1, 60), 100)
    options, truth = [], []
    for first, second in (("<", "<"), ("<", r"\geq"), (r"\geq", "<"), (r"\geq", r"\geq")):
        options.append(rf"$\mathbb{{D}}_{{\text{{KL}}}}(P \| Q) {first} {float(threshold)}$ y "
                       rf"$\mathbb{{D}}_{{\text{{KL}}}}(Q \| P) {second} {float(threshold)}$")
        truth.append((kl_pq < threshold) == (first == "<") and (kl_qp < threshold) == (second == "<"))
    key = next((i + 1 for i, t in enumerate(truth) if t), 1)
    header = (f"distributions:\n  P: [{', '.join(map(str, p))}]\n  Q: [1/3, 1/3, 1/3]\n"
              "functions:\n  '\\mathbb{D}_{\\text{KL}}': kl\n")
    return _question(qid, "correct", key, header, "Indica la opción correcta:", options), truth


def reward_from_policy(qid: str, rng: random.Random) -> tuple[str, list[bool]]:
    forms = [(r"$r = \beta \log \frac{\pi_r}{\pi_0} + \beta \log Z$", True),
             (r"$r = \beta \log \frac{\pi_0}{\pi_r} + \beta \log Z$", False),
             (r"$r = \beta \log \frac{\pi_r}{\pi_0}$", False),
             (r"$r = \beta \log \frac{\pi_0}{\pi_r}$", False)]
    rng.shuffle(forms)
    truth = [t for _, t in forms]
    header = ("symbols:\n  '\\beta': beta\n  r: real\n  '\\pi_0': positive\n  Z: positive\n"
              "definitions:\n  '\\pi_r': '\\frac{1}{Z} \\pi_0 \\exp(\\frac{1}{\\beta} r)'\n")
    return _question(qid, "correct", truth.index(True) + 1, header, "La recompensa es:",
                     [f for f, _ in forms]), truth


def dpo_logit(qid: str, rng: random.Random) -> tuple[str, list[bool]]:
    forms = [(r"$\beta \log \frac{a_1}{b_1} - \beta \log \frac{a_2}{b_2}$", True),
             (r"$\beta \log \frac{b_1}{a_1} - \beta \log \frac{b_2}{a_2}$", False),
             (r"$\beta \log \frac{a_1}{b_1} + \beta \log \frac{a_2}{b_2}$", False),
             (r"$\log \frac{a_1}{b_1} - \log \frac{a_2}{b_2}$", False)]
    rng.shuffle(forms)
    truth = [t for _, t in forms]
    header = ("symbols:\n  '\\beta': beta\n  a_1: positive\n  a_2: positive\n  b_1: positive\n  b_2: positive\n"
              "  Z: positive\nfunctions:\n  '\\sigma': logistic\ndefinitions:\n"
              "  r_1: '\\beta \\log \\frac{a_1}{b_1} + \\beta \\log Z'\n"
              "  r_2: '\\beta \\log \\frac{a_2}{b_2} + \\beta \\log Z'\n"
              "  p: '\\frac{e^{r_1}}{e^{r_1} + e^{r_2}}'\n"
              "target: 'p = \\sigma(\\option)'\n")
    return _question(qid, "equals", truth.index(True) + 1, header, "El logit es:", [f for f, _ in forms]), truth


TEMPLATES = (bradley_terry, length_reward, kl_threshold, reward_from_policy, dpo_logit)


def generate(count: int, seed: int, folder: Path) -> dict[str, list[bool]]:
    rng = random.Random(seed)
    truths = {}
    for index in range(count):
        template = TEMPLATES[index % len(TEMPLATES)]
        qid = f"s{index:05d}-{template.__name__.replace('_', '-')}"
        text, truth = template(qid, rng)
        (folder / f"{qid}.md").write_text(text, encoding="utf-8")
        truths[qid] = truth
    return truths


def run_verify(folder: Path, cache_home: Path, jobs: int, *extra: str) -> tuple[float, dict]:  # type: ignore[type-arg]
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    start = time.perf_counter()
    completed = subprocess.run([sys.executable, "-m", "checker", str(folder), "--format", "json", "-j", str(jobs),
                                *extra], capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        sys.exit(f"verify failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return wall, json.loads(completed.stdout)


def naive_baseline(folder: Path, memo: bool = False) -> tuple[float, dict[str, list[bool | None]]]:
    """simplify(lhs - rhs) == 0 per option, sequential, no cache; comparisons by floating-point evaluation.
    With ``memo``, a claim whose content repeats an earlier one's takes its answer (as verify does)."""
    import sympy as sp

    from checker.questions.loading import load_question
    from checker.values.functions import expand_sigmoid

    start = time.perf_counter()
    answers: dict[str, list[bool | None]] = {}
    known: dict[object, bool] = {}
    for path in sorted(folder.glob("*.md")):
        question = load_question(path)
        row: list[bool | None] = []
        for option in question.options:
            claim = option.claim
            if claim is None:
                row.append(None)
                continue
            if memo and claim.content() in known:
                row.append(known[claim.content()])
                continue
            verdicts = []
            for part in claim.expanded_parts():
                difference = expand_sigmoid((part.lhs - part.rhs).doit())
                if part.relation.value == "=":
                    verdicts.append(sp.simplify(difference) == 0)
                else:
                    value = float(sp.N(difference))
                    verdicts.append({"<": value < 0, "<=": value <= 0, ">": value > 0, ">=": value >= 0}
                                    [part.relation.value])
            row.append(all(verdicts))
            known[claim.content()] = all(verdicts)
        answers[question.id] = row
    return time.perf_counter() - start, answers


def math_verify_baseline(folder: Path) -> tuple[float, int, int] | None:
    """Math-Verify's verify() on the Bradley-Terry pairs it can read: definition of P against option's P."""
    try:
        from math_verify import parse as mv_parse
        from math_verify import verify as mv_verify
    except ImportError:
        return None
    import re

    start = time.perf_counter()
    pairs = agree = 0
    for path in sorted(folder.glob("*bradley-terry.md")):
        text = path.read_text(encoding="utf-8")
        definition = re.search(r"  P: '(.*)'", text).group(1)  # type: ignore[union-attr]
        gold = mv_parse(f"${definition}$")
        for option in re.findall(r"^\d\. \$P = (.*)\$$", text, re.M):
            if "sigma" in option:
                continue
            pairs += 1
            truth = "e^{" in option and option.count("e^{") == 1  # the 1/(1 + e^{k(r2 - r1)}) form is the true one
            agree += bool(mv_verify(gold, mv_parse(f"${option}$"))) == truth
    return time.perf_counter() - start, pairs, agree


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-baselines", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "bank"
        folder.mkdir()
        truths = generate(args.questions, args.seed, folder)
        print(f"synthetic bank: {args.questions} questions, {sum(map(len, truths.values()))} options")
        cold2, document = run_verify(folder, Path(scratch) / "cache-a", 2)
        warm2, _ = run_verify(folder, Path(scratch) / "cache-a", 2)
        cold1, _ = run_verify(folder, Path(scratch) / "cache-b", 1)
        print(f"verify cold -j 2: {cold2:.2f} s; warm (run replayed) -j 2: {warm2:.2f} s; cold -j 1: {cold1:.2f} s")
        seconds = sorted(o["seconds"] for q in document["questions"] for o in q["options"]
                         if o.get("verdict") in ("proved", "refuted", "undecided") and not o.get("cached"))
        p95 = seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))]
        print(f"seconds per claim: median {statistics.median(seconds):.3f}, p95 {p95:.3f}, max {seconds[-1]:.3f}")
        print(f"statuses: {document['summary']['statuses']}; verdicts: {document['summary']['verdicts']}")
        repeated = sum(1 for q in document["questions"] for o in q["options"] if o.get("cached"))
        print(f"claims answered by an identical claim of another question (checked once): {repeated}")
        wrong = [(q["id"], o["number"]) for q in document["questions"] for o in q["options"]
                 if o.get("verdict") in ("proved", "refuted") and o["number"] <= len(truths[q["id"]])
                 and (o["verdict"] == "proved") != truths[q["id"]][o["number"] - 1]]
        print(f"verdicts contradicting the generator's truth: {len(wrong)} {wrong[:5]}")
        if args.skip_baselines:
            return
        naive_time, naive = naive_baseline(folder)
        ours = {q["id"]: [o.get("verdict") for o in q["options"]] for q in document["questions"]}
        unsound = sum(1 for qid, row in naive.items() for i, value in enumerate(row)
                      if value is not None and i < len(truths[qid]) and value != truths[qid][i])
        differs = sum(1 for qid, row in naive.items() for i, value in enumerate(row)
                      if value is not None and i < len(truths[qid]) and ours[qid][i] in ("proved", "refuted")
                      and value != (ours[qid][i] == "proved"))
        print(f"naive simplify baseline: {naive_time:.2f} s sequential; verify cold -j 2 is "
              f"{naive_time / cold2:.1f}x faster, cold -j 1 {naive_time / cold1:.1f}x; naive verdicts wrong vs "
              f"truth: {unsound}; differing from ours: {differs}")
        memo_time, _ = naive_baseline(folder, memo=True)
        print(f"naive baseline answering repeated claims from a memo (as verify does): {memo_time:.2f} s; "
              f"its time / verify cold -j 1 = {memo_time / cold1:.2f}")
        mv = math_verify_baseline(folder)
        if mv is None:
            print("Math-Verify: not installed (pip install math-verify) — skipped")
        else:
            print(f"Math-Verify verify() on {mv[1]} Bradley-Terry pairs: {mv[0]:.2f} s, {mv[2]}/{mv[1]} agree with "
                  "the truth")


if __name__ == "__main__":
    main()
