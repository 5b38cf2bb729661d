"""Fuzzer repro: WRONG: wrong value (value_and_grad)

[value_and_grad] wrong value (value_and_grad)
    value: s2s 1 vs plain call -5.551115123125783e-17
[vjp] wrong value (vjp)
    vjp's y: s2s 1 vs plain call -5.551115123125783e-17

minimized from 11 to 7 lines in 43 oracle runs

Differentiated as: s2s.grad(model, wrt='coeffs')(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def model(coeffs):
    H2 = np.linspace(0.5, 1.5, 4)
    Q = H2
    Q -= 1.0
    return np.mean(H2)


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'model'
ARGS = ([-0.3257452529066889, 0.9168781065516719, -0.3991758181145312],)
WRT = 'coeffs'
HAS_AUX = False
EXPECTED_CLASS = 'wrong value (value_and_grad)'
STAGES = ('value_and_grad',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
