"""Random-program fuzzing of s2s against oracles s2s does not choose.

The generator (``generator.py``) writes small, realistic Python/NumPy functions; the oracle
(``oracle.py``) differentiates them with s2s and compares with central finite differences, with
a plain call of the function, with the other entry points of the API, and with the arguments'
own structure. ``campaign.py`` runs thousands of programs and minimizes the failures
(``minimize.py``); ``tests/test_fuzz.py`` runs a bounded, reproducible sample under Hypothesis.

Modules import each other relatively, so the package works both as ``fuzz`` (pytest puts
``tests/`` on ``sys.path``) and as ``tests.fuzz`` (``python -m tests.fuzz.campaign``).
"""
