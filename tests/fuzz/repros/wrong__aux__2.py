"""Fuzzer repro: WRONG: wrong aux

[grad] wrong aux
    aux: [-0.19012, -0.133469, -0.797454, -0.783273, ...] != [-0.19012, -0.797454, -0.797454,
    -0.783273, ...] (aux ndarray(5,) vs ndarray(5,))
[value_and_grad] wrong aux
    aux: [-0.19012, -0.133469, -0.797454, -0.783273, ...] != [-0.19012, -0.797454, -0.797454,
    -0.783273, ...] (aux ndarray(5,) vs ndarray(5,))

minimized from 28 to 14 lines in 150 oracle runs

Differentiated as: s2s.grad(forward, wrt=('tau', 1), has_aux=True)(*ARGS)  (and value_and_grad,
    vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np
DECAY = 1.5

def forward(tau, w):
    w = w[1:] @ np.outer(w[1:], w)
    energy = w[2]
    values = []
    i = 0
    values.append(w[-1 - i])
    cost = values[-1]
    if energy > 0.3:
        return (cost, DECAY + w)
    w[1] = energy
    return (0.1 * np.mean(w) - 0.1 * cost, w)


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'forward'
ARGS = (np.float64(-1.1810851485834768), np.array([-0.11650921495553775, -0.08179242318222307, -0.48869544879827376, -0.4800055844804117, 1.07511954488316]))
WRT = ('tau', 1)
HAS_AUX = True
EXPECTED_CLASS = 'wrong aux'
STAGES = ('grad', 'value_and_grad')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
