"""Fuzzer repro: WRONG: type: float64 arg -> Python float gradient

[vjp] type: float64 arg -> Python float gradient
    p['b']: got 0.0

minimized from 14 to 3 lines in 15 oracle runs

Differentiated as: s2s.grad(model, wrt='beta')(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
def model(beta, p):
    loss_value = 2.0
    return loss_value


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'model'
ARGS = (-0.18249495710997315, {'w': np.array([1.2009607932641344, -0.594293199167277, -0.92910025828641]), 'b': np.float64(-0.5257075465157689)})
WRT = 'beta'
HAS_AUX = False
EXPECTED_CLASS = 'type: float64 arg -> Python float gradient'
STAGES = ('vjp',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
