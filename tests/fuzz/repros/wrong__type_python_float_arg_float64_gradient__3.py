"""Fuzzer repro: WRONG: type: Python float arg -> float64 gradient

[vjp] type: Python float arg -> float64 gradient
    t: got np.float64(10.186538714956283)

minimized from 8 to 5 lines in 28 oracle runs

Differentiated as: s2s.grad(objective, wrt='gamma')(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def objective(gamma, t, A):
    t += np.sum(A)
    return t ** 2


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'objective'
ARGS = (np.float64(-0.8365670708338993), -0.2574841329368028, np.array([[0.7368285187598291, 0.06183183149036779, -0.058086212780293876, 0.09106841948199353, 0.6047722809457349], [0.2466485501628764, 1.0604340378906327, -1.1386885761957857, -0.4446053000878161, -0.012656005237560598], [1.2152949210524056, 0.41223187115202803, 1.5133906525542506, 0.6205388888314173, 0.44174961239486454]]))
WRT = 'gamma'
HAS_AUX = False
EXPECTED_CLASS = 'type: Python float arg -> float64 gradient'
STAGES = ('vjp',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
