"""Fuzzer repro: CRASH: crash: IndexError in generated derivative: index N is out of bounds for
    axis N with size N

[grad] crash: IndexError in generated derivative: index N is out of bounds for axis N with size
    N
    calling the gradient: IndexError: index 4 is out of bounds for axis 0 with size 4
[value_and_grad] crash: IndexError in generated derivative: index N is out of bounds for axis N
    with size N
    calling value_and_grad: IndexError: index 4 is out of bounds for axis 0 with size 4

program 2850 of seed '11'

Differentiated as: s2s.grad(model, wrt='net', has_aux=True)(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

SHIFT = 0.5
DECAY = 0.9


def damp(v, u):
    hidden = u[1:]
    return np.cos(v ** 3) + 0.1 * np.mean(np.tanh(hidden))


def smooth(v, u):
    H2 = np.outer(v, u) + (np.cos(np.outer(v, u)) + (u - 0.1))
    out = np.max(H2, axis=0)
    return np.tanh(v) + 0.1 * np.mean(np.tanh(out))


def model(y, net, W):
    y = -y
    k_step = 0
    while k_step < 4:
        y[k_step] += (1.0 + SHIFT ** 2) ** 1.5
        k_step += 1
    if W[3][-1] > W[-2, -2]:
        W = 0.5 * W + 0.1 * (1.0 + (W ** 2.0) ** 2) ** 0.25
        y = 0.5 * y + 0.1 * (np.mean(W, axis=1) / 3.0)
    else:
        if W[0, 1] > 0.3:
            W = W + 2.0 * W
        else:
            y += np.sum(W, axis=1)
        W = -W
    for _ in range(4):
        signal = damp(smooth(y, y[:-1]), y ** 2)
        y = y - 0.5 * signal
        y = 0.7 * y + 0.1 * (1.0 + (np.mean(W, axis=1) * SHIFT) ** 2) ** 1.5
    a = np.min(W, axis=0)
    for weight, b in net:
        a = np.tanh(weight @ a + b)
    return np.mean(y) + np.sum(a ** 2), y[:-1]


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'model'
ARGS = (np.array([-0.3639113999327039, 1.214142571592239, 1.0530348773956233, -1.1930307144484529]), [(np.array([[-0.20128161825362087, -0.7877997478130546, -0.5241151628049061], [-1.6536989053945768, -0.39865045820276224, 0.8164241184485798], [0.7421078248301907, 0.22808203072472302, -0.07797653709515957], [-0.3447821288746968, -0.6168844945106904, -0.700736324861119]]), np.array([0.43875204776339416, -0.029502503717674457, 0.12429919759546987, -0.17639617765516194])), (np.array([[-0.34540957138909995, 0.03303894066597136, -0.14466793657567376, 0.24059005686923163], [-0.09831325118620214, -0.48128719493880046, -0.28751228220134956, -0.622224380375976], [-0.2828658802273632, 0.7138884377862971, -1.0976409672732494, 0.2820139914843034]]), np.array([-0.05036153624539106, -0.011448209160882761, 0.6514547004025986]))], np.array([[0.5239894548487083, -0.6925336463933142, -1.2067879715514038], [-0.21258539522440573, -0.32533451076216896, 0.00906533525086269], [-0.23577855593317198, 0.1304445113069746, -0.38925680442238775], [-0.4932773205519544, -0.10667647515688058, -1.056701010425936]]))
WRT = 'net'
HAS_AUX = True
EXPECTED_CLASS = 'crash: IndexError in generated derivative: index N is out of bounds for axis N with size N'
STAGES = ('grad', 'value_and_grad')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
