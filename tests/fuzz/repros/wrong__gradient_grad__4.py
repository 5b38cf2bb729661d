"""Fuzzer repro: WRONG: wrong gradient (grad)

[grad] wrong gradient (grad)
    d/dv: s2s [0, 0, -3.47096, -3.47096] vs finite differences [0, 0, -3.01493, -3.01493]; at 2:
    -3.47096 vs -3.01493 (1 leaf/leaves differ)
[value_and_grad] wrong gradient (value_and_grad)
    d/dv: s2s [0, 0, -3.47096, -3.47096] vs finite differences [0, 0, -3.01493, -3.01493]; at 2:
    -3.47096 vs -3.01493 (1 leaf/leaves differ)

minimized from 19 to 9 lines in 136 oracle runs

Differentiated as: s2s.grad(model, wrt=0, has_aux=True)(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def model(v, theta):
    z = np.sum(v[2:]) * theta
    for xi in z:
        z[1] -= xi ** 2.0
    m = np.zeros_like(v)
    m[:-1] += z[1:]
    return (np.sum(m), (z.max(), z[1]))


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'model'
ARGS = (np.array([0.5019865526036512, 0.0604954351066019, 0.41403680210683613, -0.02994976907649614]), np.array([-0.8327749335283378, -0.8075155658088109, -0.6088545866130137, 0.6169809848458873]))
WRT = 0
HAS_AUX = True
EXPECTED_CLASS = 'wrong gradient (grad)'
STAGES = ('grad',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
