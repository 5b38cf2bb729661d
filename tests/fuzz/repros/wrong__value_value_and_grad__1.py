"""Fuzzer repro: WRONG: wrong value (value_and_grad)

[value_and_grad] wrong value (value_and_grad)
    value: s2s 1.73775 vs plain call 3.7377482400451467
[vjp] wrong value (vjp)
    vjp's y: s2s 1.73775 vs plain call 3.7377482400451467

minimized from 13 to 8 lines in 58 oracle runs

Differentiated as: s2s.grad(objective, wrt='v')(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def objective(v):
    hidden = v.copy()
    row0 = hidden[1:]
    row0 += 0.5
    row0 = row0
    return np.sum(hidden)


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'objective'
ARGS = (np.array([0.40819375979547096, 0.4057988394535813, 1.2537614882277222, -0.33966689836246605, 0.009661050930838572]),)
WRT = 'v'
HAS_AUX = False
EXPECTED_CLASS = 'wrong value (value_and_grad)'
STAGES = ('value_and_grad',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
