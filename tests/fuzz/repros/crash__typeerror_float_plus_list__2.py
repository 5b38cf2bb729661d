"""Fuzzer repro: CRASH: crash: TypeError in generated derivative: unsupported operand type(s) for
    +: '…' and '…'

[grad] crash: TypeError in generated derivative: unsupported operand type(s) for +: '…' and '…'
    calling the gradient: TypeError: unsupported operand type(s) for +: 'float' and 'list'
[value_and_grad] crash: TypeError in generated derivative: unsupported operand type(s) for +:
    '…' and '…'
    calling value_and_grad: TypeError: unsupported operand type(s) for +: 'float' and 'list'
[vjp] crash: TypeError in generated derivative: unsupported operand type(s) for +: '…' and '…'
    first pullback call: TypeError: unsupported operand type(s) for +: 'float' and 'list'

minimized from 16 to 8 lines in 33 oracle runs

Differentiated as: s2s.grad(compute, wrt='net')(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def compute(net, v):
    delta = v.copy()
    W_last, b_last = net[1]
    result = np.sum(delta)
    result += W_last[0, 1]
    return result


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'compute'
ARGS = (((np.array([[-0.7586251741535027, -0.48835547678712404, -1.3164217808177723], [-1.2131005416173664, -0.32989119072220924, -0.3101264970366237], [0.5371036224823248, -0.09611144590969845, 0.5998197381690245], [0.6728727302814456, -0.1494886704822922, -0.11452491605815744]]), np.array([-0.3903349314738615, 0.14280670444824983, 0.0609537707809351])), (np.array([[0.5639007740022974, -0.3944020188990058, 0.21016319272819792], [-0.6243986796321723, -0.9763542782532527, 0.451702686200077], [0.31963042326866076, 1.1618347573683674, -0.5864373492963058]]), np.array([0.37735616742194317, -0.0771493606668308, -0.21286608502208237])), (np.array([[0.562813217035551, -0.6035072877223318, -0.18546475144133956, 0.20241252285704361], [0.08185826324449988, 0.4780704947788984, 0.943648613710821, -0.9183942098360123], [-0.3159927853712286, -0.5740128149164582, -0.4180162459775305, -0.39586934025438864]]), np.array([-0.2874210656137555, 0.3242175076319999, -0.02492460250789959, -0.06228773611236485]))), np.array([0.7522157607890937, -1.2448476836273419, -0.6844452922197911, -1.2088070091818905]))
WRT = 'net'
HAS_AUX = False
EXPECTED_CLASS = "crash: TypeError in generated derivative: unsupported operand type(s) for +: '…' and '…'"
STAGES = ('grad', 'value_and_grad', 'vjp')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
