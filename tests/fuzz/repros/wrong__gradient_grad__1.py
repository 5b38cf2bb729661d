"""Fuzzer repro: WRONG: wrong gradient (grad)

[grad] wrong gradient (grad)
    d/dA: s2s [0, 1, 0, 2, ...] vs finite differences [0, 1, 0, 1, ...]; at (0, 3): 2 vs 1 (1
    leaf/leaves differ)
[value_and_grad] wrong gradient (value_and_grad)
    d/dA: s2s [0, 1, 0, 2, ...] vs finite differences [0, 1, 0, 1, ...]; at (0, 3): 2 vs 1 (1
    leaf/leaves differ)
[vjp] wrong gradient (vjp)
    d/dA: s2s [0, 1, 0, 2, ...] vs finite differences [0, 1, 0, 1, ...]; at (0, 3): 2 vs 1 (1
    leaf/leaves differ)

minimized from 12 to 8 lines in 54 oracle runs

Differentiated as: s2s.grad(model, wrt='A')(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
def model(A):
    S = A
    for row in S:
        H2 = row[3]
        S = S + H2
    T = S
    K = T
    return K[0, 1]


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'model'
ARGS = (np.array([[-0.9669753222133761, 0.7257928539912397, 1.69567443158163, -0.7467406757354473], [-0.19635032633748625, -0.9384602618324162, -1.6154221316856885, -0.06524841447092589]]),)
WRT = 'A'
HAS_AUX = False
EXPECTED_CLASS = 'wrong gradient (grad)'
STAGES = ('grad',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
