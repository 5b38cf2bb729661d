"""Fuzzer repro: WRONG: wrong gradient (grad)

[grad] wrong gradient (grad)
    d/dw: s2s [0.955036, 0.164247, 1.86434, -0.831651] vs finite differences [0.955036, 0.91673,
    1.86434, -0.831651]; at 1: 0.164247 vs 0.91673 (1 leaf/leaves differ)
[value_and_grad] wrong gradient (value_and_grad)
    d/dw: s2s [0.955036, 0.164247, 1.86434, -0.831651] vs finite differences [0.955036, 0.91673,
    1.86434, -0.831651]; at 1: 0.164247 vs 0.91673 (1 leaf/leaves differ)
[vjp] wrong gradient (vjp)
    d/dw: s2s [0.955036, 0.164247, 1.86434, -0.831651] vs finite differences [0.955036, 0.91673,
    1.86434, -0.831651]; at 1: 0.164247 vs 0.91673 (1 leaf/leaves differ)

minimized from 20 to 8 lines in 59 oracle runs

Differentiated as: s2s.grad(compute, wrt='w')(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def compute(w):
    m = np.zeros_like(w)
    m[1:] += w[:3]
    m[1] += m[1:] @ w[1:]
    h = m.copy()
    return np.sum(h)


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'compute'
ARGS = (np.array([0.7483810505219561, -0.04496413247717922, -0.8316512729736347, 0.9093076084420626]),)
WRT = 'w'
HAS_AUX = False
EXPECTED_CLASS = 'wrong gradient (grad)'
STAGES = ('grad',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
