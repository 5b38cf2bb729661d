"""Fuzzer repro: WRONG: wrong gradient (grad)

[grad] wrong gradient (grad)
    d/dmu: s2s 31.8827 vs finite differences 31.5629 (1 leaf/leaves differ)
[value_and_grad] wrong gradient (value_and_grad)
    d/dmu: s2s 31.8827 vs finite differences 31.5629 (1 leaf/leaves differ)
[vjp] wrong gradient (vjp)
    d/dmu: s2s 31.8827 vs finite differences 31.5629 (1 leaf/leaves differ)

program 963 of seed '11'

Differentiated as: s2s.grad(forward, wrt='mu')(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

SHIFT = 0.5


def transform(v, u):
    state = np.outer(v, v[1:]) * 2.0 @ v[1:]
    return np.exp(np.tanh(state)) - (state - u)


def forward(mu):
    delta = np.zeros(4)
    for col in range(4):
        delta[col] = (1.0 + (mu ** 2) ** 2) ** 0.5
    if SHIFT > 1.0:
        delta = 0.5 * delta + 0.1 * delta
    else:
        delta = -1.0 * delta
    if mu > 0.5:
        return mu if np.max(delta) < 0.0 else np.max(delta)
    score = mu
    for i in range(1, 3):
        delta = 0.5 * delta + 0.1 * delta
        delta -= transform(mu * np.linspace(0.5, 1.5, 4), score * np.linspace(0.5, 1.5, 4)) - score * np.linspace(0.5, 1.5, 4)
    terms = []
    for i in range(4):
        terms.append(delta[:3])
        if i % 2 == 0:
            delta[i] = mu / 2.0
        else:
            mu = 0.5 * mu
    traj = np.array(terms)
    energy = np.sum(traj ** 2) + traj[-1, 0]
    return np.sin(mu) + 2.0 * np.sum(np.tanh(delta)) + 2.0 * energy ** 2


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'forward'
ARGS = (np.float64(-0.005948724522470985),)
WRT = 'mu'
HAS_AUX = False
EXPECTED_CLASS = 'wrong gradient (grad)'
STAGES = ('grad',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
