"""Fuzzer repro: WRONG: wrong gradient (vjp)

[vjp] wrong gradient (vjp)
    d/dx: s2s [1.95344, 1.5251, 1.70304, 0.265227] vs finite differences [1.95344, 1.5251,
    1.70304, 0.264726]; at 3: 0.265227 vs 0.264726 (1 leaf/leaves differ)

program 328 of seed 'ci'

Differentiated as: s2s.grad(score_fn, wrt='target')(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np


def score_fn(x, target):
    signal = np.sin(target @ np.outer(target, x)) / 0.5
    values = []
    for i in range(4):
        values.append(np.tanh(np.dot(signal, signal)))
        if i % 2 == 0:
            signal[-1 - i] = np.sin(max(np.tanh(t) * t for t in x))
            signal /= 1.0 + np.max(target) ** 2
        else:
            signal = 0.5 * signal
    gain = values[-1] * values[0]
    it = 0
    while it < 2:
        gain = np.tanh(gain + target @ x[:-1])
        it += 1
    e = np.where(signal > 0.0, x, 0.1 * x)
    return 0.1 * gain ** 2 + 2.0 * np.sum(np.tanh(e))


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'score_fn'
ARGS = (np.array([0.21982542664892218, 0.495467279507946, 0.4189999143706284, -1.6683709244580862]), np.array([0.6334980042116459, -0.7752248848563108, 0.17482427381634516]))
WRT = 'target'
HAS_AUX = False
EXPECTED_CLASS = 'wrong gradient (vjp)'
STAGES = ('vjp',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
