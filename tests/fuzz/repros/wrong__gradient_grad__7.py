"""Fuzzer repro: WRONG: wrong gradient (grad)

[grad] wrong gradient (grad)
    d/dA: s2s [-0.00134205, -0.210878, 1.28388, -0.684474, ...] vs finite differences
    [-0.00305616, -0.211522, 1.28217, -0.687867, ...]; at (1, 0): -0.684474 vs -0.687867 (1
    leaf/leaves differ)
[value_and_grad] wrong value (value_and_grad)
    value: s2s 4.19018 vs plain call 4.191104253531142
[value_and_grad] wrong gradient (value_and_grad)
    d/dA: s2s [-0.00134205, -0.210878, 1.28388, -0.684474, ...] vs finite differences
    [-0.00305616, -0.211522, 1.28217, -0.687867, ...]; at (1, 0): -0.684474 vs -0.687867 (1
    leaf/leaves differ)

program 1661 of seed '7'

Differentiated as: s2s.grad(model, has_aux=True)(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

DECAY = 0.5
GAIN = 0.25


def blend(s):
    spread = (DECAY if GAIN < -0.2 else np.tanh(s)) + -(s * s)
    level = spread
    return ((1.0 + spread ** 2) ** 0.25 if s > 0.0 and spread < -1.0 else DECAY / (2.0 + np.cos(GAIN))) + 0.1 * level


def soft_update(v):
    out = np.where(v > 0.0, v, 0.1 * v)
    feat = out / 3.0
    return 2.0 * (out - feat)


def model(A):
    A = -A
    z = A.T @ A[:, 1] + np.sum(A, axis=0)
    for _ in range(3):
        if z[-1] < 0.5:
            z = np.tanh(z + A[-1])
    S = A
    hidden = np.zeros(2)
    for col in range(2):
        hidden[col] = (1.0 + blend(np.max(z)) ** 2) ** -0.5
    for w_row in S:
        S = -1.0 * S
        A *= S[-1, 0] * w_row[1]
    act = np.where(hidden > 0.0, z[1:], 0.1 * z[1:]) * sum(np.tanh(t) * t for t in z)
    return 0.1 * np.mean(A) + act @ act, {'h': soft_update(z), 'norm': np.sum(z) / 0.5}


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'model'
ARGS = (np.array([[-1.098790973312305, 0.41716438544799267, 0.1081194306376911], [-0.8177591978497613, 0.559551112881099, 0.2913145206941882]]),)
WRT = None
HAS_AUX = True
EXPECTED_CLASS = 'wrong gradient (grad)'
STAGES = ('grad',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
