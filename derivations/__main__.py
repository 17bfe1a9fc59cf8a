"""``python -m derivations``: rebuild the shipped LaTeX parse cache from the question files."""

from __future__ import annotations

from checker.latex import use_caches
from checker.latex.cache import ParseCache

from . import PARSE_CACHE, bank, chains

PARSE_CACHE.unlink(missing_ok=True)
cache = ParseCache(PARSE_CACHE)
use_caches(cache)
bank()
chains()
cache.save()
print(f"wrote {len(cache.entries)} parsed formulas to {PARSE_CACHE}")
