"""Values: what every other layer talks about, and nothing that computes a verdict.

Owns claims (:mod:`.claims`), derivations as chains of steps (:mod:`.derivations`), building both in Python
(:mod:`.scope`), domains (:mod:`.domains`), verdicts and their evidence (:mod:`.verdicts`), the semantics a
claim is judged under (:mod:`.semantics`), written (unevaluated) SymPy forms (:mod:`.written`, reading trees in
:mod:`.trees`), series of rational terms and their closed forms (:mod:`.series`), the named
functions σ, max/min over a range, real roots (:mod:`.functions`) and the error types (:mod:`.errors`).
May import: SymPy and the standard library only — no other package of the checker.
"""
