"""Fuzzer repro: WRONG: wrong gradient (grad)

[grad] wrong gradient (grad)
    d/dw: s2s [0.268495, 1.17011, 0.239409] vs finite differences [0.276187, 1.19293, 0.276187];
    at 2: 0.239409 vs 0.276187 (1 leaf/leaves differ)
[value_and_grad] wrong gradient (value_and_grad)
    d/dw: s2s [0.268495, 1.17011, 0.239409] vs finite differences [0.276187, 1.19293, 0.276187];
    at 2: 0.239409 vs 0.276187 (1 leaf/leaves differ)
[vjp] wrong gradient (vjp)
    d/dw: s2s [0.268495, 1.17011, 0.239409] vs finite differences [0.276187, 1.19293, 0.276187];
    at 2: 0.239409 vs 0.276187 (1 leaf/leaves differ)

program 2012 of seed '7'

Differentiated as: s2s.grad(forward, wrt=(0, 2))(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np


def forward(alpha, t, w):
    f_soft = lambda z: np.sin(z) + 0.3 * z ** 2
    spread = f_soft(np.sum(w) * w[-2])
    m = np.zeros(4)
    for idx in range(4):
        m[idx] += np.min(m) ** 2.0
    m = -m
    t *= 0.9
    k_step = 0
    while k_step < 2:
        m[3] += m[k_step]
        total = np.outer(m, w).T @ m @ np.tanh(w)
        alpha = alpha - 0.5 * total
        k_step += 1
    delta = m
    delta[-1] += 1.0
    objective_value = 0.1 * np.sin(alpha) + np.sin(t)
    objective_value += np.sin(spread)
    objective_value += np.mean(m)
    objective_value += 0.1 * np.mean(delta)
    return objective_value


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'forward'
ARGS = (-0.39170253290220675, 0.6740744901566734, np.array([0.16801017899267415, 0.5411813015322342, 1.0871442330398253]))
WRT = (0, 2)
HAS_AUX = False
EXPECTED_CLASS = 'wrong gradient (grad)'
STAGES = ('grad',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
