"""Fuzzer repro: CRASH: crash: UnboundLocalError in generated derivative: cannot access local
    variable '…' where it is not associated with a value

[grad] crash: UnboundLocalError in generated derivative: cannot access local variable '…' where
    it is not associated with a value
    calling the gradient: UnboundLocalError: cannot access local variable 'i' where it is not
    associated with a value
[value_and_grad] crash: UnboundLocalError in generated derivative: cannot access local variable
    '…' where it is not associated with a value
    calling value_and_grad: UnboundLocalError: cannot access local variable 'i' where it is not
    associated with a value
[vjp] crash: UnboundLocalError in generated derivative: cannot access local variable '…' where
    it is not associated with a value
    s2s.vjp: UnboundLocalError: cannot access local variable 'i' where it is not associated with
    a value

program 327 of seed '7'

Differentiated as: s2s.grad(simulate, wrt=0)(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import math

import numpy as np


def project(v, u):
    return v * (v * v) + 0.1 * np.mean(np.tanh(u))


def blend(s):
    return np.sum(np.outer(s * np.linspace(0.5, 1.5, 2), s * np.linspace(0.5, 1.5, 4)).min(axis=0))


def simulate(theta, mu):
    if mu < 0.0:
        if theta[-2:] @ theta[:2] < 0.3:
            return math.sin(np.dot(theta[-2:], theta[-2:]))
    elif theta[3] > 0.5:
        theta = theta - np.cos(project(theta, theta[-2:]))
    else:
        z = np.tanh(theta ** 2)
        theta = theta + 0.5 * z
        for i in range(1, 4):
            if mu < 0.3:
                break
    state = np.zeros(4)
    for idx in range(len(theta)):
        state[idx] += mu
    for i in range(4):
        mu -= blend(theta[i]) / (1.0 + (np.mean(state) + state[i]) ** 2)
        state[state < -1.0] = -1.0
    return 0.1 * np.sin(mu)


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'simulate'
ARGS = (np.array([0.3137360964268438, -0.24568657589341725, -0.029239134211615732, 1.0649157742019169]), np.float64(0.79958174872756))
WRT = 0
HAS_AUX = False
EXPECTED_CLASS = "crash: UnboundLocalError in generated derivative: cannot access local variable '…' where it is not associated with a value"
STAGES = ('grad', 'value_and_grad', 'vjp')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
