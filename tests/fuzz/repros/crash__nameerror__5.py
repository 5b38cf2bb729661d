"""Fuzzer repro: CRASH: crash: NameError in generated derivative: name '…' is not defined

[grad] crash: NameError in generated derivative: name '…' is not defined
    calling the gradient: NameError: name 'step' is not defined
[value_and_grad] crash: NameError in generated derivative: name '…' is not defined
    calling value_and_grad: NameError: name 'step' is not defined
[vjp] crash: NameError in generated derivative: name '…' is not defined
    s2s.vjp: NameError: name 'step' is not defined

minimized from 22 to 9 lines in 57 oracle runs

Differentiated as: s2s.grad(simulate, wrt=('W', 1, 't'))(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def simulate(W, lr, t):

    def step(s):
        return np.linspace(0.5, 1.5, 5) @ np.linspace(0.5, 1.5, 5)
    if step(t) > 0.5:
        pass
    return lr


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'simulate'
ARGS = (np.array([[0.7986034405758695, -1.0245848394798287, -0.803651482288734, 0.21512993803980612, 0.4260608000580193], [-0.5496368575413004, -0.5326762891309232, -0.5843538843426231, -0.7484804802619301, -0.7338598456598657]]), 2.0936982263368535, 0.4258801645083553)
WRT = ('W', 1, 't')
HAS_AUX = False
EXPECTED_CLASS = "crash: NameError in generated derivative: name '…' is not defined"
STAGES = ('grad', 'value_and_grad', 'vjp')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
