"""Fuzzer repro: CRASH: crash: NameError in generated derivative: name '…' is not defined

[grad] crash: NameError in generated derivative: name '…' is not defined
    calling the gradient: NameError: name 'sub2' is not defined
[value_and_grad] crash: NameError in generated derivative: name '…' is not defined
    calling value_and_grad: NameError: name 'sub2' is not defined
[vjp] crash: NameError in generated derivative: name '…' is not defined
    s2s.vjp: NameError: name 'sub2' is not defined

minimized from 16 to 8 lines in 43 oracle runs

Differentiated as: s2s.grad(forward, wrt=(0, 1))(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def forward(target, x):
    i = 0
    hidden = x
    x = 0.5 * hidden
    x[1 - i] += np.dot(target, x[1:])
    return np.sum(target)


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'forward'
ARGS = (np.array([-0.6989870879336603, 0.999727539240043, 0.0026807400571063856]), np.array([0.06919718145627363, -1.2377595827449648, -1.0523098288503885, -0.09446121502931652]))
WRT = (0, 1)
HAS_AUX = False
EXPECTED_CLASS = "crash: NameError in generated derivative: name '…' is not defined"
STAGES = ('grad', 'value_and_grad', 'vjp')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
