"""Fuzzer repro: CRASH: crash: TypeError in generated derivative: '…' changes in place the array
    '…'

[vjp] crash: TypeError in generated derivative: '…' changes in place the array '…'
    s2s.vjp: TypeError: fz30086_92.py:6: 'out += ...' changes in place the array 'u'

minimized from 11 to 7 lines in 36 oracle runs

Differentiated as: s2s.grad(loss, wrt=('t', 1, 2))(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def loss(t, beta, u):
    u = 2.0 * u
    out = u
    out += 1.0
    return np.sum(u)


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'loss'
ARGS = (-0.10238536182595835, -0.04491195599119253, np.array([0.7447209971934616, 0.23828886847011868, 1.371619062972917]))
WRT = ('t', 1, 2)
HAS_AUX = False
EXPECTED_CLASS = "crash: TypeError in generated derivative: '…' changes in place the array '…'"
STAGES = ('vjp',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
