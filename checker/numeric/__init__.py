"""Numerics: certified values of closed formulas and the exact reasoning that needs no search.

Owns the Arb ball arithmetic at exact points (:mod:`.interval`, on python-flint), exact proofs that a
constant is zero (:mod:`.constants`), exact sign reasoning from bounds (:mod:`.sign`), infinite series
recognised and summed (:mod:`.series`), floating-point screening (:mod:`.floats`) and rational functions on
FLINT's polynomials, whose zero is an identity (:mod:`.polynomials`).
May import: :mod:`checker.values`.
"""
