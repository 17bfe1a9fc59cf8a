"""The engine: ``check(claim) -> Verdict`` under a time limit, in worker processes.

Owns what a formula needs to be defined (:mod:`.conditions`, :mod:`.definedness`), a relation at a point
(:mod:`.judgement`), normal forms (:mod:`.normal`), the points searched (:mod:`.points`), proofs
(:mod:`.prove`, relations between constants in :mod:`.constant`), counterexamples (:mod:`.refute`) and their
second look (:mod:`.recheck`), the worker pool (:mod:`.checking`), the result cache and its digests
(:mod:`.cache`, :mod:`.digest`), the assumption audit (:mod:`.audit`) and a claim's profile for plots
(:mod:`.profile`).
May import: :mod:`checker.numeric`, :mod:`checker.values`. Knows nothing of files, LaTeX, reports or the CLI.
"""
