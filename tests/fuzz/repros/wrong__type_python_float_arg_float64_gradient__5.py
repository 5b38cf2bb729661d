"""Fuzzer repro: WRONG: type: Python float arg -> float64 gradient

[grad] type: Python float arg -> float64 gradient
    lr: got np.float64(0.8300735845449283)
[value_and_grad] type: Python float arg -> float64 gradient
    lr: got np.float64(0.8300735845449283)

minimized from 10 to 5 lines in 16 oracle runs

Differentiated as: s2s.grad(score_fn, wrt=0)(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def score_fn(lr):
    lr = np.tanh(lr)
    return lr


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'score_fn'
ARGS = (-0.4382843309823149,)
WRT = 0
HAS_AUX = False
EXPECTED_CLASS = 'type: Python float arg -> float64 gradient'
STAGES = ('grad', 'value_and_grad')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
