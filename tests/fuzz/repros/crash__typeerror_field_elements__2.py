"""Fuzzer repro: CRASH: crash: TypeError in generated derivative: Field elements must be N- or
    N-tuples, got '…'

[grad] crash: TypeError in generated derivative: Field elements must be N- or N-tuples, got '…'
    calling the gradient: TypeError: Field elements must be 2- or 3-tuples, got
    'array([-0.28409412,  0.57725479,  0.76827804])'
[value_and_grad] crash: TypeError in generated derivative: Field elements must be N- or
    N-tuples, got '…'
    calling value_and_grad: TypeError: Field elements must be 2- or 3-tuples, got
    'array([-0.28409412,  0.57725479,  0.76827804])'
[vjp] crash: TypeError in generated derivative: Field elements must be N- or N-tuples, got '…'
    first pullback call: TypeError: Field elements must be 2- or 3-tuples, got
    'array([-0.28409412,  0.57725479,  0.76827804])'

minimized from 22 to 8 lines in 40 oracle runs

Differentiated as: s2s.grad(loss, wrt=0)(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def loss(p):
    m = p['W'][0]
    states = []
    states.append(m)
    norm = np.sum(states)
    return norm


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'loss'
ARGS = ({'W': np.array([[-0.2840941224071037, 0.577254790299024, 0.7682780448621643], [0.5766729001724082, -0.21834672700750224, 0.5917072509101617]]), 'bias': np.array([0.2202587072956837, 0.059382331483627884])},)
WRT = 0
HAS_AUX = False
EXPECTED_CLASS = "crash: TypeError in generated derivative: Field elements must be N- or N-tuples, got '…'"
STAGES = ('grad', 'value_and_grad', 'vjp')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
