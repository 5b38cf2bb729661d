"""Fuzzer repro: WRONG: type: Python float arg -> float64 gradient

[grad] type: Python float arg -> float64 gradient
    t: got np.float64(7.08182412343536)
[value_and_grad] type: Python float arg -> float64 gradient
    t: got np.float64(7.08182412343536)

minimized from 8 to 5 lines in 30 oracle runs

Differentiated as: s2s.grad(forward, wrt=('t', 'A'))(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def forward(t, A):
    t += np.sum(A)
    return t ** 2


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'forward'
ARGS = (1.739185984097842, np.array([[-0.6328251182004868, -0.478838956424094, -1.2132468508253418, 1.3972029345783274, 0.3156475580484252], [-0.385374749705088, -0.42815457404137386, 0.1806184896444548, 0.953787537004303, -0.2710828468409576], [0.04773096248605767, 0.33302194461658463, 1.3347572819058282, 0.328242732340421, 0.32023973303277814]]))
WRT = ('t', 'A')
HAS_AUX = False
EXPECTED_CLASS = 'type: Python float arg -> float64 gradient'
STAGES = ('grad', 'value_and_grad')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
