"""Reports: pure functions from check results to text; none of them knows how a verdict was reached.

Owns the text, JSON, JUnit XML and HTML reports, feedback and statistics, and the exports to learning
platforms (Moodle XML, GIFT) with their markup and MathML.
May import: :mod:`checker.questions` and everything below it (for the values results carry).
"""
