"""Fuzzer repro: WRONG: wrong value (value_and_grad)

[value_and_grad] wrong value (value_and_grad)
    value: s2s 0.75 vs plain call 0.0
[vjp] wrong value (vjp)
    vjp's y: s2s 0.75 vs plain call 0.0

minimized from 23 to 11 lines in 112 oracle runs

Differentiated as: s2s.grad(compute)(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np
DECAY = 0.5

def compute(net):
    P = np.outer(1.5, DECAY)
    history = []
    history.append(P[-1])
    P -= P
    stacked = history
    offset = np.sum(stacked)
    return offset


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'compute'
ARGS = (((np.array([[-1.0823704890449386, -0.04924232887236429, -0.2915927879646367], [0.601568766133293, -0.46883341673318446, -0.4741716079195501]]), np.array([0.010944257341787025, -0.5195402206173888])), (np.array([[-1.151253064576993, -0.10128725267676103], [-0.4159036454539549, 0.5656744467482075]]), np.array([-0.13493824397316295, -0.13326975362542887])), (np.array([[1.3385424031787538, -1.319838555626734], [-1.005434954814362, -0.24437559827698213], [-0.1800259003017893, -1.191455370391802]]), np.array([-0.36469539166289094, -0.2420799907938204, 0.23558164408970794]))),)
WRT = None
HAS_AUX = False
EXPECTED_CLASS = 'wrong value (value_and_grad)'
STAGES = ('value_and_grad',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
