"""Questions: a question's options and rule → the implied answer, and everything read from files.

Owns questions, rules and answer-key statuses (:mod:`.question`), checking derivations step by step
(:mod:`.chains`), question files (:mod:`.files`), templates and their variants (:mod:`.templates`), loading
either (:mod:`.loading`), runs of the built-in document and banks (:mod:`.runs`) and the run cache
(:mod:`.replay`).
May import: :mod:`checker.engine`, :mod:`checker.notation`, :mod:`checker.numeric`, :mod:`checker.values`.
"""
