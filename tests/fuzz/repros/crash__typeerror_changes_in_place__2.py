"""Fuzzer repro: CRASH: crash: TypeError in generated derivative: '…' changes in place the array
    '…'

[vjp] crash: TypeError in generated derivative: '…' changes in place the array '…'
    s2s.vjp: TypeError: fz30086_113.py:6: 'hidden -= ...' changes in place the array 'state'

minimized from 9 to 7 lines in 20 oracle runs

Differentiated as: s2s.grad(score_fn, wrt=(0, 1))(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def score_fn(beta, theta):
    state = theta[1:] + theta[1:]
    hidden = state
    hidden -= 1.0
    return np.mean(state)


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'score_fn'
ARGS = (-0.4214399419623536, np.array([-0.9335975728348436, -0.01938260270652265, 1.2466003508587158, -0.018613658355317517]))
WRT = (0, 1)
HAS_AUX = False
EXPECTED_CLASS = "crash: TypeError in generated derivative: '…' changes in place the array '…'"
STAGES = ('vjp',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
