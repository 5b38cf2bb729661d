"""Fuzzer repro: CRASH: crash: TypeError in generated derivative: Field elements must be N- or
    N-tuples, got '…'

[vjp] crash: TypeError in generated derivative: Field elements must be N- or N-tuples, got '…'
    first pullback call: TypeError: Field elements must be 2- or 3-tuples, got
    'np.float64(-0.3576780046288767)'

minimized from 21 to 9 lines in 46 oracle runs

Differentiated as: s2s.grad(score_fn, wrt=1)(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def score_fn(v, w):
    gain = v[4]
    values = []
    values.append(gain)
    cost = np.sum(values)
    score = cost
    return score


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'score_fn'
ARGS = (np.array([-0.2704112944785061, 0.23170062914727949, -0.918393360791051, -0.99990340182877, -0.3576780046288767]), np.array([-0.6771674177321548, 0.5552168529574112, -0.15304521008151686, 1.2012526086680602, -0.1054117201747817]))
WRT = 1
HAS_AUX = False
EXPECTED_CLASS = "crash: TypeError in generated derivative: Field elements must be N- or N-tuples, got '…'"
STAGES = ('vjp',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
