"""Fuzzer repro: WRONG: wrong gradient (grad)

[grad] wrong gradient (grad)
    d/dx: s2s [0.00555047, 0.691704, -0.15011, -1.40368] vs finite differences [-0.238359,
    0.00252409, 1.16822, -0.964696]; at 2: -0.15011 vs 1.16822 (1 leaf/leaves differ)
[value_and_grad] wrong value (value_and_grad)
    value: s2s 0.289204 vs plain call 0.19740756881053273
[value_and_grad] wrong gradient (value_and_grad)
    d/dx: s2s [0.00555047, 0.691704, -0.15011, -1.40368] vs finite differences [-0.238359,
    0.00252409, 1.16822, -0.964696]; at 2: -0.15011 vs 1.16822 (1 leaf/leaves differ)
[vjp] wrong value (vjp)
    vjp's y: s2s 0.289204 vs plain call 0.19740756881053273
[vjp] wrong gradient (vjp)
    d/dx: s2s [0.00555047, 0.691704, -0.15011, -1.40368] vs finite differences [-0.238359,
    0.00252409, 1.16822, -0.964696]; at 2: -0.15011 vs 1.16822 (1 leaf/leaves differ)

minimized from 10 to 7 lines in 31 oracle runs

Differentiated as: s2s.grad(simulate, wrt=0)(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def simulate(x):
    x = -x
    for xi in x:
        x += np.sum(np.outer(xi, xi), axis=0)
    return np.mean(x)


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'simulate'
ARGS = (np.array([0.13243568825538912, 0.4434208941250187, 0.6124640574369662, 0.012589884374912876]),)
WRT = 0
HAS_AUX = False
EXPECTED_CLASS = 'wrong gradient (grad)'
STAGES = ('grad',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
