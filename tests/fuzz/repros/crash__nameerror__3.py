"""Fuzzer repro: CRASH: crash: NameError in generated derivative: name '…' is not defined

[grad] crash: NameError in generated derivative: name '…' is not defined
    calling the gradient: NameError: name 'cond' is not defined
[value_and_grad] crash: NameError in generated derivative: name '…' is not defined
    calling value_and_grad: NameError: name 'cond' is not defined

minimized from 18 to 6 lines in 62 oracle runs

Differentiated as: s2s.grad(compute, wrt='w')(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def compute(bias_vec, w):
    bias_vec[bias_vec < -1.0] = 1.0
    w = np.outer(bias_vec, w).max(axis=0)
    return np.mean(w)


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'compute'
ARGS = (np.array([0.5009365828425224, -0.6703109658317706, 0.2804925666681777, -0.34942313463189373]), np.array([-0.7216782848915292, 0.6485934385131508, 0.8277812248693391, 1.0476761866478974, 0.6900891446881343]))
WRT = 'w'
HAS_AUX = False
EXPECTED_CLASS = "crash: NameError in generated derivative: name '…' is not defined"
STAGES = ('grad', 'value_and_grad')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
