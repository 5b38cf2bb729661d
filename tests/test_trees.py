"""The pytree API (s2s.tree_flatten and friends): jax.tree_util's conventions, without JAX.

Classes used by pickling tests or registered are defined at module level: pickle finds classes
by name, and a class can be registered once per process.
"""

import collections
import dataclasses
import pickle
import typing

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import s2s
from s2s import (
    TreeDef,
    register_pytree,
    tree_flatten,
    tree_leaves,
    tree_map,
    tree_structure,
    tree_unflatten,
)

Point = collections.namedtuple("Point", "x y")


class Layer(typing.NamedTuple):
    W: typing.Any
    b: typing.Any


@dataclasses.dataclass
class Params:
    W: typing.Any
    b: typing.Any
    n: int = 3


@dataclasses.dataclass(frozen=True)
class Config:
    weights: typing.Any
    depth: int
    name: str
    history: list = dataclasses.field(default_factory=list)
    flag: bool = False
    note: typing.Any = None


@dataclasses.dataclass
class Scaled:
    """A dataclass with a field computed by __post_init__ (init=False)."""

    x: typing.Any
    double: typing.Any = dataclasses.field(init=False)

    def __post_init__(self):
        self.double = 2 * np.asarray(self.x)


class Box:
    """A plain class registered as a node: one child, a label kept as aux."""

    def __init__(self, content, label):
        self.content, self.label = content, label

    def __eq__(self, other):
        return (
            type(other) is Box and self.label == other.label and same(self.content, other.content)
        )


register_pytree(Box, lambda b: ([b.content], b.label), lambda label, c: Box(c[0], label))


class SubBox(Box):
    """Not registered: a leaf (registration is by exact type, as in JAX)."""


def same(a, b) -> bool:
    """Structural equality that does not use the code under test: same types all the way down,
    leaves equal (arrays with np.array_equal and their dtypes)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if dataclasses.is_dataclass(a):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, Box):
        return a.label == b.label and same(a.content, b.content)
    return a == b


def round_trip(tree):
    leaves, treedef = tree_flatten(tree)
    assert treedef.num_leaves == len(leaves)
    assert all(x is y for x, y in zip(tree_leaves(tree), leaves))
    assert tree_structure(tree) == treedef
    rebuilt = tree_unflatten(treedef, leaves)
    assert same(rebuilt, tree), (rebuilt, tree)
    return leaves, treedef


# -- every kind of node ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "tree, n",
    [
        ((1.0, 2.0), 2),
        ([np.ones(2), 3], 2),
        ({"b": 1.0, "a": np.zeros(3)}, 2),
        (Point(1.0, np.ones(2)), 2),
        (Layer(np.ones((2, 3)), np.zeros(3)), 2),
        (Params(np.ones(2), np.zeros(1)), 2),
        (Config(np.ones(2), depth=2, name="net"), 1),
        (None, 0),
        (Box(np.ones(2), "label"), 1),
        (collections.OrderedDict([("z", 1.0), ("a", 2.0)]), 2),
        (collections.defaultdict(list, {"k": np.ones(1)}), 1),
        ((), 0),
        ([], 0),
        ({}, 0),
        (np.float32(1.5), 1),
        ("text", 1),
    ],
)
def test_round_trip_every_kind(tree, n):
    leaves, treedef = round_trip(tree)
    assert len(leaves) == n


def test_round_trip_nested():
    layers = [(np.ones((3, 2)), np.zeros(2)), (np.ones((2, 1)), np.zeros(1))]
    by_name = {"enc": Params(np.ones(2), np.ones(2), n=1), "dec": Params(np.ones(3), 0.5)}
    named = Point({"w": np.ones(2), "v": [1.0, 2.0]}, None)
    frozen = Config(weights=[np.ones(2), (3.0,)], depth=4, name="net", history=[1.5])
    for tree in (layers, by_name, named, frozen, [layers, by_name, named, frozen]):
        round_trip(tree)
    leaves, treedef = tree_flatten(layers)
    assert [x.shape for x in leaves] == [(3, 2), (2,), (2, 1), (1,)]


def test_dict_leaves_in_sorted_key_order():
    leaves, treedef = tree_flatten({"c": 3, "a": 1, "b": {"z": 26, "y": 25}})
    assert leaves == [1, 25, 26, 3]
    assert treedef == tree_structure({"a": 0, "b": {"y": 0, "z": 0}, "c": 0})
    # like JAX, a rebuilt dict has its keys in sorted order
    assert list(tree_unflatten(treedef, leaves)) == ["a", "b", "c"]


def test_ordered_dict_keeps_its_order():
    tree = collections.OrderedDict([("z", 1), ("a", 2)])
    assert tree_leaves(tree) == [1, 2]
    assert list(tree_map(lambda x: x, tree)) == ["z", "a"]
    assert tree_structure(tree) != tree_structure(collections.OrderedDict([("a", 1), ("z", 2)]))


def test_unsortable_keys_keep_insertion_order():
    assert tree_leaves({1: "one", "a": "letter"}) == ["one", "letter"]


# -- leaves and static values -----------------------------------------------------------------


def test_int_is_a_leaf_in_containers_and_static_in_a_dataclass():
    assert tree_leaves([1, (2, True), {"s": "str"}]) == [1, 2, True, "str"]
    leaves, treedef = tree_flatten(Params(np.ones(2), 1.0, n=5))
    assert len(leaves) == 2 and treedef.num_leaves == 2
    assert "n=5" in repr(treedef)
    # the rule reads the field's own value: an int inside a container field is a leaf
    assert tree_leaves(Params((1, 2), 1.0, n=5)) == [1, 2, 1.0]
    # a NumPy integer or an int array is a leaf, not a static value
    assert len(tree_leaves(Params(np.int64(1), np.arange(3), n=np.int64(2)))) == 3


def test_static_values_are_kept_and_rebuilt():
    config = Config(np.ones(2), depth=2, name="net", flag=True)
    leaves, treedef = tree_flatten(config)
    assert len(leaves) == 1  # the weights; history is an empty list: a node with no leaves
    rebuilt = tree_unflatten(treedef, [np.zeros(2)])
    assert (rebuilt.depth, rebuilt.name, rebuilt.flag, rebuilt.note) == (2, "net", True, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rebuilt.depth = 3


def test_static_values_are_compared_with_their_type():
    assert tree_structure(Params(1.0, 1.0, n=1)) != tree_structure(Params(1.0, 1.0, n=True))
    assert tree_structure(Params(1.0, 1.0, n=1)) != tree_structure(Params(1.0, 1.0, n=2))
    assert tree_structure(Params(1.0, 1.0, n=1)) == tree_structure(Params(2.0, 3.0, n=1))


def test_init_false_field_is_recomputed():
    leaves, treedef = tree_flatten(Scaled(np.ones(2)))
    assert len(leaves) == 1
    rebuilt = tree_unflatten(treedef, [np.full(2, 3.0)])
    assert np.array_equal(rebuilt.double, np.full(2, 6.0))  # __post_init__ ran again


def test_none_is_a_node_without_leaves():
    assert tree_flatten(None) == ([], tree_structure(None))
    assert tree_leaves([None, 1.0, (None,)]) == [1.0]
    assert tree_map(lambda x: x + 1, [None, 1.0, {"a": None}]) == [None, 2.0, {"a": None}]
    assert repr(tree_structure([None, 1.0])) == "TreeDef([None, *])"


# -- TreeDef ------------------------------------------------------------------------------


def test_treedef_equality_and_hash():
    a = tree_structure({"x": [1.0, 2.0], "p": Point(1, 2)})
    b = tree_structure({"p": Point("a", "b"), "x": [np.ones(2), np.ones(3)]})
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    different = [
        tree_structure([1.0, 2.0]),
        tree_structure((1.0, 2.0)),
        tree_structure([1.0]),
        tree_structure([1.0, [2.0]]),
        tree_structure({"a": 1.0, "b": 2.0}),
        tree_structure({"a": 1.0, "c": 2.0}),
        tree_structure(Point(1.0, 2.0)),
        tree_structure(Layer(1.0, 2.0)),
        tree_structure(Box([1.0, 2.0], "a")),
        tree_structure(Box([1.0, 2.0], "b")),
    ]
    assert len(set(different)) == len(different)
    assert tree_structure([1.0, 2.0]) != [1.0, 2.0]


def test_treedef_repr():
    assert repr(tree_structure(Params(np.ones(2), np.ones(1), n=3))) == (
        "TreeDef(Params(W=*, b=*, n=3))"
    )
    tree = [(1.0,), {"b": 1, "a": None}, Point(1, [2]), Box(3, "t"), 4]
    assert repr(tree_structure(tree)) == (
        "TreeDef([(*,), {'a': None, 'b': *}, Point(x=*, y=[*]), Box['t'](*), *])"
    )
    assert repr(tree_structure(Config(1.0, 2, "c"))) == (
        "TreeDef(Config(weights=*, depth=2, name='c', history=[], flag=False, note=None))"
    )
    assert repr(tree_structure(1.0)) == "TreeDef(*)"


def test_treedef_pickles():
    tree = {
        "layers": [Layer(np.ones(2), 1.0), Layer(np.ones(1), 2.0)],
        "config": Config([np.ones(2)], depth=3, name="n"),
        "box": Box(Point(1.0, None), "label"),
        "d": collections.defaultdict(list, {"k": 1.0}),
    }
    leaves, treedef = tree_flatten(tree)
    copy = pickle.loads(pickle.dumps(treedef))
    assert copy == treedef and hash(copy) == hash(treedef) and repr(copy) == repr(treedef)
    assert same(tree_unflatten(copy, leaves), tree)


# -- tree_unflatten, tree_map -------------------------------------------------------------------


def test_unflatten_wrong_number_of_leaves():
    treedef = tree_structure(Params(np.ones(2), np.ones(1)))
    with pytest.raises(ValueError, match=r"has 2 leaves, 3 were given"):
        tree_unflatten(treedef, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"has 2 leaves, 1 were given"):
        tree_unflatten(treedef, [1.0])
    with pytest.raises(TypeError, match="TreeDef first"):
        tree_unflatten([1.0, 2.0], treedef)


def test_unflatten_accepts_any_iterable():
    treedef = tree_structure((0, [0, 0]))
    assert tree_unflatten(treedef, iter(range(3))) == (0, [1, 2])


def test_tree_map_several_trees():
    params = {"W": np.ones((2, 2)), "b": np.zeros(2), "cfg": Params(1.0, 2.0, n=7)}
    grads = {"W": np.full((2, 2), 0.5), "b": np.ones(2), "cfg": Params(10.0, 20.0, n=7)}
    step = tree_map(lambda p, g, lr: p - lr * g, params, grads, tree_map(lambda _: 0.1, params))
    assert np.allclose(step["W"], 0.95) and np.allclose(step["b"], -0.1)
    assert step["cfg"] == Params(0.0, 0.0, n=7)
    assert tree_map(lambda x: x * 2, Point(1, [2, 3])) == Point(2, [4, 6])
    assert tree_map(lambda x: x, Box(1.0, "k")) == Box(1.0, "k")


def test_tree_map_rest_may_have_the_tree_as_prefix():
    # as in JAX: where the first tree has a leaf, the whole subtree of the others is passed
    assert tree_map(lambda x, y: [x] + y, [5, 6], [[7, 9], [1, 2]]) == [[5, 7, 9], [6, 1, 2]]


@pytest.mark.parametrize(
    "tree, other, message",
    [
        ([1.0, 2.0], (1.0, 2.0), r"at the top: expected \[\*, \*\], got \(\*, \*\)"),
        ([1.0, 2.0], [1.0], r"at the top: expected \[\*, \*\], got \[\*\]"),
        ({"a": [1.0, {"W": 1, "b": 2}]}, {"a": [1.0, {"W": 1}]}, r"at \['a'\]\[1\]"),
        ((1.0, (2.0, 3.0)), (1.0, 2.0), r"at \[1\]: .*got a leaf of type float"),
        (Params(1.0, 2.0, n=3), Params(1.0, 2.0, n=4), r"n=3\), got .*n=4\)"),
        (Point(1.0, [2.0]), Point(1.0, [2.0, 3.0]), r"at \.y"),
        (Params([1.0], 2.0), Params([1.0, 2.0], 2.0), r"at \.W"),
        (Point(1.0, 2.0), Layer(1.0, 2.0), r"expected Point\(x=\*, y=\*\), got Layer"),
        ([None], [1.0], r"at \[0\]: expected None, got a leaf"),
        (Box(1.0, "a"), Box(1.0, "b"), r"Box\['a'\]\(\*\), got Box\['b'\]"),
    ],
)
def test_tree_map_mismatch(tree, other, message):
    with pytest.raises(ValueError, match=r"tree_map: rest\[1\] does not have the structure"):
        tree_map(lambda *xs: xs[0], tree, tree, other)
    with pytest.raises(ValueError, match=message):
        tree_map(lambda *xs: xs[0], tree, tree, other)


# -- registration -------------------------------------------------------------------------------


def test_registered_class_uses_its_aux():
    leaves, treedef = tree_flatten(Box({"b": 2.0, "a": 1.0}, label="L"))
    assert leaves == [1.0, 2.0]
    rebuilt = tree_unflatten(treedef, [10.0, 20.0])
    assert type(rebuilt) is Box and rebuilt.label == "L" and rebuilt.content == {"a": 10, "b": 20}


def test_register_twice_raises():
    class Pair:
        def __init__(self, a, b):
            self.a, self.b = a, b

    register_pytree(Pair, lambda p: ((p.a, p.b), None), lambda aux, c: Pair(*c))
    with pytest.raises(ValueError, match="already registered"):
        register_pytree(Pair, lambda p: ((p.a, p.b), None), lambda aux, c: Pair(*c))
    with pytest.raises(ValueError, match="already registered"):
        register_pytree(list, lambda p: (p, None), lambda aux, c: list(c))
    with pytest.raises(TypeError, match="expects a class"):
        register_pytree(Pair(1, 2), lambda p: ((), None), lambda aux, c: None)


def test_registration_is_by_exact_type():
    sub = SubBox(1.0, "s")
    assert tree_leaves(sub) == [sub]
    assert tree_leaves([Box(1.0, "b"), sub]) == [1.0, sub]


def test_registration_takes_precedence_over_the_dataclass_convention():
    @dataclasses.dataclass
    class Opaque:
        x: typing.Any
        y: typing.Any

    register_pytree(Opaque, lambda o: ((o.y,), o.x), lambda x, c: Opaque(x, c[0]))
    leaves, treedef = tree_flatten(Opaque("static", 2.0))
    assert leaves == [2.0]
    assert tree_unflatten(treedef, [3.0]) == Opaque("static", 3.0)


def test_exported():
    for name in ("tree_flatten", "tree_unflatten", "tree_map", "tree_leaves", "tree_structure"):
        assert name in s2s.__all__ and callable(getattr(s2s, name))
    assert "register_pytree" in s2s.__all__ and "TreeDef" in s2s.__all__
    assert isinstance(tree_structure([]), TreeDef)


# -- property: flatten then unflatten gives the tree back ---------------------------------------


@dataclasses.dataclass
class Node:
    child: typing.Any
    leaf: typing.Any
    meta: typing.Any = None


_leaves = st.one_of(
    st.floats(allow_nan=False),
    st.integers(),
    st.booleans(),
    st.text(max_size=3),
    st.none(),
    st.builds(np.asarray, st.lists(st.floats(allow_nan=False), max_size=3)),
    st.builds(np.float32, st.floats(width=32, allow_nan=False)),
)


def _nodes(children):
    return st.one_of(
        st.tuples(children, children),
        st.lists(children, max_size=3),
        st.dictionaries(st.text(max_size=2), children, max_size=3),
        st.builds(Point, children, children),
        st.builds(Layer, children, children),
        st.builds(Node, children, _leaves, st.one_of(st.integers(), st.text(), st.none())),
        st.builds(Box, children, st.text(max_size=2)),
        st.builds(lambda d: collections.OrderedDict(d), st.dictionaries(st.text(), children)),
    )


trees = st.recursive(_leaves, _nodes, max_leaves=12)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_unflatten_inverts_flatten(tree):
    leaves, treedef = tree_flatten(tree)
    rebuilt = tree_unflatten(*reversed(tree_flatten(tree)))
    assert same(rebuilt, tree)
    assert tree_structure(rebuilt) == treedef and hash(tree_structure(rebuilt)) == hash(treedef)
    assert treedef.num_leaves == len(leaves) == len(tree_leaves(tree))
    assert pickle.loads(pickle.dumps(treedef)) == treedef
    assert same(tree_map(lambda x: x, tree), tree)
