"""Fuzzer repro: WRONG: type: float64 arg -> Python float gradient

[grad] type: float64 arg -> Python float gradient
    params['scale']: got 0.0
[value_and_grad] type: float64 arg -> Python float gradient
    params['scale']: got 0.0
[vjp] type: float64 arg -> Python float gradient
    params['scale']: got 0.0

minimized from 9 to 2 lines in 11 oracle runs

Differentiated as: s2s.grad(simulate, wrt=(0, 'params', 'w'))(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
def simulate(target, params, w):
    return w @ w


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'simulate'
ARGS = (np.array([-0.2372509000631033, 0.5985939177287798]), {'w': np.array([0.6595472736517215, 0.9854402790698232, 0.6458104756444032]), 'b': -0.8163476320066382, 'scale': np.float64(-0.01702329066012218)}, np.array([0.45826625888368283, 0.35724130491995953, 0.7409449616464066]))
WRT = (0, 'params', 'w')
HAS_AUX = False
EXPECTED_CLASS = 'type: float64 arg -> Python float gradient'
STAGES = ('grad', 'value_and_grad', 'vjp')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
