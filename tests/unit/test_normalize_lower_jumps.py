"""normalize/lower_jumps.py on flattened bodies: one final ``return`` (early ones assign a result
variable; inside a loop they also set a flag and break), the rest of a block moved into the
paths that fall through after a jump, ``continue`` ending a branch dropped, a loop's ``else``
run under a "did not break" flag. The user's ``break`` statements stay."""

from __future__ import annotations

from helpers.passes import (
    assert_code,
    assert_same_results,
    compiled,
    flat,
    function,
    namer_for,
    read,
)

from s2s.normalize.lower_jumps import lower_jumps


def lowered(fn):
    fs = read(fn)
    namer = namer_for(fs)
    node = flat(fn, namer)
    body = lower_jumps(node.body, namer, (fs.origin, fs.node.lineno))
    return node, body, fs


def check(fn, expected, *calls):
    node, body, fs = lowered(fn)
    new = function(node, body)
    assert_code(new, expected)
    assert_same_results(fn, compiled(new, fs.namespace), *calls)


def structured(x):
    if x > 0.0:
        y = x * 2.0
    else:
        y = -x
    return y


def test_a_body_without_jumps_is_returned_as_it_is():
    node, body, _ = lowered(structured)
    assert body is node.body


def early_return(x):
    if x > 0.0:
        return x * 2.0
    y = x * 3.0
    return y


def test_an_early_return_moves_the_rest_into_the_else_branch():
    check(
        early_return,
        """
        def early_return(x):
            if x > 0.0:
                out = x * 2.0
                result = out
            else:
                y = x * 3.0
                result = y
            return result
    """,
        (1.5,),
        (-1.5,),
    )


def return_in_a_nested_branch(x, c):
    if c:
        if x > 0.0:
            return x
        x = -x
    y = x * 2.0
    return y


def test_the_rest_goes_into_every_path_that_may_fall_through():
    check(
        return_in_a_nested_branch,
        """
        def return_in_a_nested_branch(x, c):
            if c:
                if x > 0.0:
                    result = x
                else:
                    neg = -x
                    x = neg
                    y = x * 2.0
                    result = y
            else:
                y = x * 2.0
                result = y
            return result
    """,
        (1.5, True),
        (-1.5, True),
        (-1.5, False),
    )


def return_in_loop(xs, limit):
    for x in xs:
        if x > limit:
            return x
    return limit * 0.5


def test_a_return_inside_a_loop_sets_a_flag_and_breaks():
    check(
        return_in_loop,
        """
        def return_in_loop(xs, limit):
            returned = False
            for x in xs:
                if x > limit:
                    result = x
                    returned = True
                    break
            if not returned:
                out = limit * 0.5
                result = out
            return result
    """,
        ([0.5, 2.0, 3.0], 1.0),
        ([0.5], 1.0),
        ([], 1.0),
    )


def break_with_else(xs):
    s = 0.0
    for x in xs:
        if x > 2.0:
            break
        s = s + x
    else:
        s = -s
    return s


def test_break_keeps_its_loop_and_the_else_runs_under_a_flag():
    check(
        break_with_else,
        """
        def break_with_else(xs):
            s = 0.0
            broke = False
            for x in xs:
                if x > 2.0:
                    broke = True
                    break
                else:
                    add = s + x
                    s = add
            if not broke:
                neg = -s
                s = neg
            result = s
            return result
    """,
        ([1.0, 3.0, 1.0],),
        ([1.0, 1.5],),
    )


def skip_negatives(xs):
    s = 0.0
    for x in xs:
        if x < 0.0:
            continue
        s = s + x
    return s


def test_continue_ending_a_branch_vanishes():
    check(
        skip_negatives,
        """
        def skip_negatives(xs):
            s = 0.0
            for x in xs:
                if x < 0.0:
                    pass
                else:
                    add = s + x
                    s = add
            result = s
            return result
    """,
        ([1.0, -2.0, 3.0],),
    )


def return_in_nested_loops(rows):
    count = 0.0
    for row in rows:
        for x in row:
            if x > 1.0:
                return x + count
        count = count + 1.0
    return count


def test_a_return_leaves_every_enclosing_loop():
    check(
        return_in_nested_loops,
        """
        def return_in_nested_loops(rows):
            returned = False
            count = 0.0
            for row in rows:
                for x in row:
                    if x > 1.0:
                        out = x + count
                        result = out
                        returned = True
                        break
                if returned:
                    break
                else:
                    add = count + 1.0
                    count = add
            if not returned:
                result = count
            return result
    """,
        ([[0.5, 2.0], [3.0]],),
        ([[0.5], [0.25, 4.0]],),
        ([[0.5], [0.25]],),
    )
