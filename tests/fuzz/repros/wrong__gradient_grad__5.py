"""Fuzzer repro: WRONG: wrong gradient (grad)

[grad] wrong gradient (grad)
    d/dnet[0][0]: s2s [1.90285, 2.5597, 4.11368, 1.90285, ...] vs finite differences [1.56449,
    2.68291, 3.5527, 1.56449, ...]; at (2, 2): 4.11368 vs 3.5527 (1 leaf/leaves differ)
[value_and_grad] wrong value (value_and_grad)
    value: s2s -3.22923 vs plain call -2.774091081988473
[value_and_grad] wrong gradient (value_and_grad)
    d/dnet[0][0]: s2s [1.90285, 2.5597, 4.11368, 1.90285, ...] vs finite differences [1.56449,
    2.68291, 3.5527, 1.56449, ...]; at (2, 2): 4.11368 vs 3.5527 (1 leaf/leaves differ)
[vjp] wrong value (vjp)
    vjp's y: s2s -3.22923 vs plain call -2.774091081988473
[vjp] wrong gradient (vjp)
    d/dnet[0][0]: s2s [1.90285, 2.5597, 4.11368, 1.90285, ...] vs finite differences [1.56449,
    2.68291, 3.5527, 1.56449, ...]; at (2, 2): 4.11368 vs 3.5527 (1 leaf/leaves differ)

minimized from 30 to 15 lines in 150 oracle runs

Differentiated as: s2s.grad(forward, wrt=('net', 1))(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def forward(net, A):
    signal = np.linspace(0.5, 1.5, 3)
    history = []
    history.append(signal[2] ** 3 * np.sin(signal[-1]))
    total = history
    m = signal
    for i, val2 in enumerate(m):
        signal += (1.0 + m ** 2) ** 1.5
        m = np.sin(m + np.outer(val2 * np.linspace(0.5, 1.5, 4), signal).T @ (total * np.linspace(0.5, 1.5, 4)))
    layer = net[0]
    weight, bias_l = layer
    signal = weight @ signal
    return np.mean(signal)


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'forward'
ARGS = ([(np.array([[0.26618974192819517, 0.7291673666583993, -0.7220684450367795], [0.0219735887086025, 0.7192953844742214, -0.37338745657900396], [-0.03656670547713167, -1.3751940351675545, 0.1484890571515554]]), np.array([-0.3997540683988296, -0.4610268190088639, 0.1961116713255539]))], np.array([[1.2936469613250479, 0.7442539355251174, -0.513923183394495], [0.2041182018854525, -0.21434612637096195, 0.12611307897212068], [-0.3509236245700873, 0.05498089945555275, -0.047224362692253254], [0.11065580968765629, 0.1397446650193362, 0.25482588978064896]]))
WRT = ('net', 1)
HAS_AUX = False
EXPECTED_CLASS = 'wrong gradient (grad)'
STAGES = ('grad',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
