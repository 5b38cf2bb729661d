"""Fuzzer repro: WRONG: type: Python float arg -> float64 gradient

[grad] type: Python float arg -> float64 gradient
    beta: got np.float64(3.065437275417791)
[value_and_grad] type: Python float arg -> float64 gradient
    beta: got np.float64(3.065437275417791)

re-minimized (8 oracle runs)

Differentiated as: s2s.grad(loss, wrt='beta')(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
def loss(beta, u):
    beta = beta + u[:2] @ u[:-1]
    return beta ** 2


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'loss'
ARGS = (0.4665661960112902, np.array([0.9919777630710459, 0.28658778632413706, -0.13282423921201533]))
WRT = 'beta'
HAS_AUX = False
EXPECTED_CLASS = 'type: Python float arg -> float64 gradient'
STAGES = ('grad', 'value_and_grad')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
