"""Fuzzer repro: CRASH: crash: NameError in generated derivative: name '…' is not defined

[grad] crash: NameError in generated derivative: name '…' is not defined
    calling the gradient: NameError: name 'act_fn' is not defined
[value_and_grad] crash: NameError in generated derivative: name '…' is not defined
    calling value_and_grad: NameError: name 'act_fn' is not defined
[vjp] crash: NameError in generated derivative: name '…' is not defined
    s2s.vjp: NameError: name 'act_fn' is not defined

re-minimized (11 oracle runs)

Differentiated as: s2s.grad(compute, wrt='v')(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
def compute(v, tau):
    act_fn = lambda z: z
    if act_fn(tau) > 0.3:
        pass
    return tau


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'compute'
ARGS = (np.array([-0.5965883412972335, 0.5529542519651024, 0.06016073766627078, -1.0071272136109057, 0.22754552761022706]), np.float64(0.043680432008929494))
WRT = 'v'
HAS_AUX = False
EXPECTED_CLASS = "crash: NameError in generated derivative: name '…' is not defined"
STAGES = ('grad', 'value_and_grad', 'vjp')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
