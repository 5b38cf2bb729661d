"""Fuzzer repro: WRONG: wrong gradient (vjp)

[value_and_grad] wrong value (value_and_grad)
    value: s2s 0.29677 vs plain call 0.6555982035339567
[vjp] wrong value (vjp)
    vjp's y: s2s 0.29677 vs plain call 0.6555982035339567
[vjp] wrong gradient (vjp)
    d/dA: s2s [0.0561077, 0.0695848, 0.0724148, 0.0650168, ...] vs finite differences
    [0.0517095, 0.0694083, 0.0735015, 0.0630919, ...]; at (1, 4): -0.0141563 vs -4.88711 (1
    leaf/leaves differ)

minimized from 32 to 10 lines in 150 oracle runs

Differentiated as: s2s.grad(simulate, wrt=0)(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def simulate(net, A):
    z = A
    for i, xi in enumerate(z):
        if i < 1:
            z = 0.7 * z
        else:
            z /= 1.0 + xi
    return np.mean(z)


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'simulate'
ARGS = ([(np.array([[0.7835002920102252, -0.030123007575637854, 0.48353355080543, 0.19632562149775362, -0.2877509809719786], [-0.5728931352375364, -0.32348367282721324, -0.4712245721638566, 0.08415524881146938, -0.6297808770647014], [0.6144502256558747, 0.7413249209776812, -0.03382037476675297, 0.3178054953645978, -0.5307361347388105], [0.193175527236042, -0.17036120578173417, -0.7330547661096918, -0.4827430831917698, -0.08030430149699282], [-1.483072072875529, 1.280540256718402, 0.013352245560264769, -0.5247230494268688, 0.3913229954687141]]), np.array([0.25666339621861456, 0.09641536735931423, 0.21312695813948096, 0.02050899424273484, 0.5542760661294047]))], np.array([[0.9495311972766676, -0.5213856160026304, 2.26757277958086, -0.2424399669498773, 1.4654238351569102], [0.3537153666332372, 0.008524647695391605, -0.04763785404717116, 0.10949214640546927, -0.9183516548570543]]))
WRT = 0
HAS_AUX = False
EXPECTED_CLASS = 'wrong gradient (vjp)'
STAGES = ('vjp',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
